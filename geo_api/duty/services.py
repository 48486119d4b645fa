"""Writes of the duty desk: generate a month's roster from a template, edit a shift by hand, request
and decide swaps (a state machine run through run_transition, on the timeline), keep the duty log
and hand a shift over with its open items carried into the next shift's log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound, NotSignedIn
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import actor_label_of, timeline_record
from geo_api.timeline.transitions import TransitionResult, Workflow, run_transition

from . import calendar as cal
from .access import require_desk
from .models import (DutyPerson, Handover, LogEntry, Roster, Shift, ShiftMember, ShiftTemplate, SwapRequest,
                     TemplateMember, person_of)

LEADER, OFFICER = TemplateMember.Role.LEADER, TemplateMember.Role.OFFICER


# -- rosters ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedShift:
    """One shift as a template plans it (or as an imported row states it)."""

    date: date
    slot: int
    leader_id: int | None
    officer_ids: tuple[int, ...]


def template_plan(template: ShiftTemplate, month: date, members=None) -> list[PlannedShift]:
    """The shifts of `month` by the template's rotation: group n mod groups is on for shift n;
    working-days-only templates skip public holidays and rest days (adjusted working days are
    worked); leaders are put on every shift, on holidays only, or never, as the template says.
    `members` (TemplateMembers with their person) default to the template's active ones."""
    if members is None:
        members = list(template.members.select_related("person").filter(person__active=True))
    slots = template.slots
    out = []
    for day in cal.month_days(month):
        kind = cal.day_kind(day)
        if template.days == ShiftTemplate.Days.WORKING_DAYS and not kind.is_working_day:
            continue
        wants_leader = (template.leader_rule == ShiftTemplate.LeaderRule.EVERY_SHIFT
                        or (template.leader_rule == ShiftTemplate.LeaderRule.HOLIDAYS and kind.is_holiday))
        for index in range(len(slots)):
            group = cal.shift_number(template.anchor_date, day, len(slots), index) % template.groups
            on = [m for m in members if m.offset == group]
            leaders = sorted((m for m in on if m.role == LEADER), key=lambda m: m.person.name)
            officers = tuple(m.person_id for m in sorted(on, key=lambda m: m.person.name) if m.role == OFFICER)
            out.append(PlannedShift(day, index, leaders[0].person_id if wants_leader and leaders else None, officers))
    return out


def _apply_plan(roster: Roster, plan: list[PlannedShift]) -> None:
    """Make the roster's shifts exactly `plan`, keyed by (day, slot): shifts that stay keep their
    id (their log, swaps and handover stay attached); shifts no longer planned are removed unless
    something is recorded on them."""
    template = roster.template
    existing = {(s.date, s.slot): s for s in roster.shifts.all()}
    wanted = {(p.date, p.slot) for p in plan}
    for key, shift in existing.items():
        if key not in wanted:
            if shift.log.exists() or Handover.objects.filter(from_shift=shift).exists() \
                    or Handover.objects.filter(to_shift=shift).exists():
                raise Conflict(_("The shift %(shift)s has duty log entries or a handover and cannot be "
                                 "removed from the roster.") % {"shift": shift})
            shift.delete()
    for p in plan:
        kind = cal.day_kind(p.date)
        starts, ends = cal.shift_interval(p.date, template.day_start, template.slots, p.slot)
        values = {"name": template.slots[p.slot]["name"], "starts_at": starts, "ends_at": ends,
                  "is_holiday": kind.is_holiday, "holiday_name": kind.holiday_name,
                  "is_adjusted_workday": kind.is_adjusted_workday}
        shift = existing.get((p.date, p.slot))
        if shift is None:
            shift = Shift.objects.create(roster=roster, date=p.date, slot=p.slot, **values)
        else:
            changed = [k for k, v in values.items() if getattr(shift, k) != v]
            for k in changed:
                setattr(shift, k, values[k])
            if changed:
                shift.save(update_fields=changed)
        _set_members(shift, p.leader_id, p.officer_ids)


def _set_members(shift: Shift, leader_id: int | None, officer_ids) -> None:
    want = {pid: OFFICER for pid in officer_ids}
    if leader_id is not None:
        want[leader_id] = LEADER
    have = {m.person_id: m for m in shift.members.all()}
    for pid, member in have.items():
        if pid not in want:
            member.delete()
    # A leader who becomes an officer (or back) changes role after the old leader row is gone.
    for pid, member in sorted(have.items(), key=lambda item: item[1].role != LEADER):
        if pid in want and member.role != want[pid]:
            member.role = want[pid]
            member.save(update_fields=["role"])
    for pid, role in want.items():
        if pid not in have:
            ShiftMember.objects.create(shift=shift, person_id=pid, role=role)


def roster_generate(*, template_id: int, month: date, user) -> Roster:
    """Generate (or regenerate) `month` of the template. Regenerating keeps every shift that has a
    log or a handover and overwrites hand edits with the template's plan."""
    require_desk(user, write=True)
    with transaction.atomic():
        template = ShiftTemplate.objects.select_for_update().filter(pk=template_id).first()
        if template is None:
            raise InvalidInput(_("There is no shift template %(id)s.") % {"id": template_id},
                               errors={"template": [_("Choose a shift template.")]})
        roster, _created = Roster.objects.get_or_create(template=template, month=month,
                                                        defaults={"generated_at": timezone.now()})
        roster.generated_at = timezone.now()
        roster.save(update_fields=["generated_at", "updated_at"])
        _apply_plan(roster, template_plan(template, month))
    return roster


def roster_replace(*, roster: Roster, plan: list[PlannedShift], user) -> Roster:
    """Replace the roster's shifts by an already validated plan (Excel import)."""
    require_desk(user, write=True)
    with transaction.atomic():
        Roster.objects.select_for_update().filter(pk=roster.pk).first()
        _apply_plan(roster, plan)
        roster.save(update_fields=["updated_at"])
    return roster


def _people(ids, field: str) -> list[DutyPerson]:
    found = {p.pk: p for p in DutyPerson.objects.filter(pk__in=ids, active=True)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput(_("No active person with id %(ids)s on the duty list.") % {
            "ids": ", ".join(map(str, missing))}, errors={field: [_("Choose people from the duty list.")]})
    return [found[i] for i in ids]


def shift_set_members(*, shift_id: int, leader_id: int | None, officer_ids: list[int], user) -> Shift:
    """Edit one cell of the roster by hand: its leader and officers."""
    require_desk(user, write=True)
    officer_ids = list(dict.fromkeys(officer_ids))
    if leader_id is not None and leader_id in officer_ids:
        raise InvalidInput(_("The leader cannot also be listed as an officer of the same shift."),
                           errors={"officers": [_("Remove the leader from the officers.")]})
    if not officer_ids:
        raise InvalidInput(_("A shift needs at least one duty officer."),
                           errors={"officers": [_("Choose at least one duty officer.")]})
    _people(officer_ids, "officers")
    if leader_id is not None:
        _people([leader_id], "leader")
    with transaction.atomic():
        shift = Shift.objects.select_for_update().filter(pk=shift_id).first()
        if shift is None:
            raise NotFound(_("There is no shift %(id)s.") % {"id": shift_id})
        _set_members(shift, leader_id, officer_ids)
        Roster.objects.filter(pk=shift.roster_id).update(updated_at=timezone.now())
    return shift


# -- swaps -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SwapWorkflow(Workflow):
    """The swap state machine: not a map layer, so it says itself who may see a request (the desk)."""

    @property
    def model(self):
        return SwapRequest

    def readable(self, pk, user, *, lock=False):
        if user is not None:
            require_desk(user)
        manager = SwapRequest.objects.select_for_update() if lock else SwapRequest.objects
        instance = manager.filter(pk=pk).first()
        if instance is None:
            raise NotFound(_("There is no swap request %(id)s.") % {"id": pk})
        return instance


SWAP_WORKFLOW = SwapWorkflow(layer_id="", field="status")


def swap_request(*, shift_id: int, from_person_id: int, to_person_id: int, reason: str, user,
                 counter_shift_id: int | None = None) -> SwapRequest:
    """Ask to hand `shift` from one person to another (替班), or to exchange it for a shift of the
    other person (换班). The roster changes only when a duty leader or the commander approves."""
    require_desk(user, write=True)
    reason = _text_of(reason, "reason")
    errors = {}
    if not reason:
        errors["reason"] = [_("Say why the swap is needed.")]
    if from_person_id == to_person_id:
        errors["to_person"] = [_("Choose someone else to take the shift.")]
    shift = Shift.objects.filter(pk=shift_id).first()
    if shift is None:
        errors["shift"] = [_("Choose a shift of the roster.")]
    counter = None
    if counter_shift_id is not None:
        counter = Shift.objects.filter(pk=counter_shift_id).first()
        if counter is None or counter.pk == shift_id:
            errors["counter_shift"] = [_("Choose another shift of the roster.")]
    if errors:
        raise InvalidInput(_("The swap request cannot be filed: %(fields)s.") % {"fields": ", ".join(errors)},
                           errors=errors)
    _people([from_person_id], "from_person")
    _people([to_person_id], "to_person")
    on = set(shift.members.values_list("person_id", flat=True))
    if from_person_id not in on:
        raise InvalidInput(_("That person is not on the shift."), errors={"from_person": [_("Not on this shift.")]})
    if to_person_id in on:
        raise InvalidInput(_("That person is already on the shift."), errors={"to_person": [_("Already on this shift.")]})
    if counter is not None:
        on_counter = set(counter.members.values_list("person_id", flat=True))
        if to_person_id not in on_counter or from_person_id in on_counter:
            raise InvalidInput(_("The shift offered in return must be one the other person is on and you are not."),
                               errors={"counter_shift": [_("Choose a shift of the person taking over.")]})
    if shift.ends_at <= timezone.now():
        raise InvalidInput(_("That shift is over; only shifts still to come can be swapped."),
                           errors={"shift": [_("This shift is over.")]})
    with transaction.atomic():
        swap = SwapRequest.objects.create(shift=shift, from_person_id=from_person_id, to_person_id=to_person_id,
                                          counter_shift=counter, reason=reason, requested_by=user,
                                          requested_at=timezone.now())
        timeline_record(subject=swap, kind=TimelineEntry.Kind.NOTE, actor=user, reason=reason,
                        payload={"action": "requested", "shift": shift.pk})
    return swap


def _swap_member(shift: Shift, giver_id: int, taker_id: int) -> None:
    member = shift.members.select_for_update().get(person_id=giver_id)
    member.person_id = taker_id
    member.save(update_fields=["person"])


def swap_transition(*, swap_id: int, transition: str, user, reason: str = "") -> TransitionResult:
    """approve, refuse or withdraw a swap request. Approval changes the roster in the same
    transaction as the state change and its timeline entry."""
    with transaction.atomic():
        result = run_transition(workflow=SWAP_WORKFLOW, pk=swap_id, name=transition, user=user, reason=reason)
        swap = result.instance
        if swap.status == SwapRequest.Status.APPROVED:
            try:
                with transaction.atomic():
                    _swap_member(swap.shift, swap.from_person_id, swap.to_person_id)
                    if swap.counter_shift_id:
                        _swap_member(swap.counter_shift, swap.to_person_id, swap.from_person_id)
            except IntegrityError:
                raise Conflict(_("The roster changed meanwhile; the swap cannot be applied. Refuse it.")) from None
    return result


# -- duty log and handover -------------------------------------------------------------------------
def _readable_event_id(event_id, user) -> int | None:
    if event_id in (None, ""):
        return None
    from layers.query import LayerQuery
    from layers.registry import load_catalog

    try:
        event_id = int(event_id)
    except (TypeError, ValueError):
        event_id = None
    if event_id is None or not LayerQuery.of(load_catalog().get("events"), user).visible_ids([event_id]):
        raise InvalidInput(_("There is no such event to link."), errors={"event": [_("Choose an existing event.")]})
    return event_id


def _text_of(value, field: str) -> str:
    """Text input as a stripped string; anything else (a number, a list) is a 400 naming the field."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text.") % {"field": field}, errors={field: [_("Write text here.")]})
    return value.strip()


def log_entry_add(*, shift_id: int, kind: str, text: str, user, event_id=None, is_open: bool = False,
                  at=None) -> LogEntry:
    require_desk(user, write=True)
    text = _text_of(text, "text")
    kind = kind if isinstance(kind, str) else ""
    errors = {}
    if kind not in LogEntry.Kind.values:
        errors["kind"] = [_("Choose a kind of entry.")]
    if not text:
        errors["text"] = [_("Write what happened.")]
    elif len(text) > 4000:
        errors["text"] = [_("Keep an entry under 4000 characters.")]
    if at is not None and at > timezone.now() + timedelta(minutes=5):
        errors["at"] = [_("The time cannot be in the future.")]
    if errors:
        raise InvalidInput(_("The log entry cannot be saved; correct the marked fields."), errors=errors)
    linked = _readable_event_id(event_id, user)
    with transaction.atomic():
        shift = Shift.objects.filter(pk=shift_id).first()
        if shift is None:
            raise NotFound(_("There is no shift %(id)s.") % {"id": shift_id})
        if Handover.objects.filter(from_shift=shift).exists():
            raise Conflict(_("This shift has been handed over; write in the log of the shift on duty now."))
        return LogEntry.objects.create(shift=shift, at=at or timezone.now(), kind=kind, text=text, event_id=linked,
                                       is_open=bool(is_open), author=user, author_label=actor_label_of(user))


def log_entry_resolve(*, entry_id: int, user) -> LogEntry:
    """Mark an open item done (it is then not carried over at handover)."""
    require_desk(user, write=True)
    with transaction.atomic():
        entry = LogEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise NotFound(_("There is no duty log entry %(id)s.") % {"id": entry_id})
        if not entry.is_open:
            raise Conflict(_("This entry is not an open item."))
        entry.is_open, entry.resolved_at = False, timezone.now()
        entry.save(update_fields=["is_open", "resolved_at"])
    return entry


def next_shift(shift: Shift) -> Shift | None:
    """The shift of the same template that starts when this one ends (the next roster month's
    first shift too)."""
    return (Shift.objects.filter(roster__template_id=shift.roster.template_id, starts_at=shift.ends_at)
            .select_related("roster").first())


def _duty_person_of(shift: Shift, fallback_role: str = LEADER) -> DutyPerson | None:
    members = list(shift.members.select_related("person"))
    leaders = [m.person for m in members if m.role == fallback_role]
    return (leaders or [m.person for m in members] or [None])[0]


def handover_record(*, from_shift_id: int, user, notes: str = "", received_by_id: int | None = None) -> Handover:
    """交接班: the shift is handed to the next shift of its template; every open item of its log is
    carried into the next shift's log (the original closed as carried over) and listed on the
    handover record. Who hands over: the signed-in person if on the shift, else its leader."""
    require_desk(user, write=True)
    if not getattr(user, "is_authenticated", False):
        raise NotSignedIn(_("Sign in to hand over the shift."))
    notes = _text_of(notes, "notes")
    with transaction.atomic():
        shift = Shift.objects.select_for_update().select_related("roster").filter(pk=from_shift_id).first()
        if shift is None:
            raise NotFound(_("There is no shift %(id)s.") % {"id": from_shift_id})
        if Handover.objects.filter(from_shift=shift).exists():
            raise Conflict(_("This shift has already been handed over."))
        target = next_shift(shift)
        if target is None:
            raise Conflict(_("There is no next shift on the roster to hand over to; generate next month's roster first."))
        if shift.starts_at > timezone.now():
            raise Conflict(_("A shift that has not started yet cannot be handed over."))
        on_shift = {m.person_id: m.person for m in shift.members.select_related("person")}
        person = person_of(user)
        handed_by = person if person is not None and person.pk in on_shift else _duty_person_of(shift)
        incoming = {m.person_id: m.person for m in target.members.select_related("person")}
        if received_by_id is not None:
            if received_by_id not in incoming:
                raise InvalidInput(_("The person receiving the duty must be on the next shift."),
                                   errors={"received_by": [_("Choose someone on the next shift.")]})
            received_by = incoming[received_by_id]
        else:
            received_by = _duty_person_of(target)
        if handed_by is None or received_by is None:
            raise Conflict(_("Both shifts need people on them before a handover."))
        now = timezone.now()
        carried = []
        for entry in shift.log.select_for_update().filter(is_open=True).order_by("at", "id"):
            LogEntry.objects.create(shift=target, at=now, kind=entry.kind, text=entry.text, event_id=entry.event_id,
                                    is_open=True, carried_from=entry, author=user, author_label=actor_label_of(user))
            entry.is_open, entry.resolved_at = False, now
            entry.save(update_fields=["is_open", "resolved_at"])
            carried.append({"entry": entry.pk, "kind": entry.kind, "text": entry.text, "event": entry.event_id,
                            "at": entry.at.isoformat()})
        handover = Handover.objects.create(from_shift=shift, to_shift=target, handed_by=handed_by,
                                           received_by=received_by, notes=notes, open_items=carried,
                                           at=now, recorded_by=user)
        timeline_record(subject=shift, kind=TimelineEntry.Kind.NOTE, actor=user, reason=handover.notes,
                        payload={"action": "handover", "to_shift": target.pk, "open_items": len(carried)})
    return handover


def require_person_ids(values, field: str) -> list[int]:
    """A list of ids from JSON or form input; anything else a 400 naming the field."""
    if values in (None, ""):
        return []
    if not isinstance(values, (list, tuple)):
        values = [values]
    try:
        return [int(v) for v in values if v not in ("", None)]
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose people from the duty list."), errors={field: [_("Choose people from the duty list.")]}) from None

