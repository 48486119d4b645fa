"""Writes of command mode: entering command, sending and acknowledging instructions, escalating
unacknowledged ones, field reports. Each write and its timeline entry are one transaction; the
audit trigger then publishes the rows live (records registered in apps.py)."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.accounts.roles import roles_of
from geo_api.common.errors import Conflict, InvalidInput, NotFound, Refused
from geo_api.incidents.attachments import check_files
from geo_api.incidents.models import Event, EventReport
from geo_api.incidents.selectors import DESK_ROLES, FOLLOW_UP_ROLES, event_for
from geo_api.incidents.services import EVENT_WORKFLOW, event_transition
from geo_api.incidents.services import FINISHED as REPORTS_CLOSED
from geo_api.incidents.services import _report_payload, _store_files
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import actor_label_of, timeline_record
from geo_api.timeline.transitions import allowed_transitions

from . import access
from .models import CommandSession, Instruction, InstructionDelivery

# An event that is over cannot be commanded or instructed any more.
FINISHED = (Event.Status.CLOSED, Event.Status.DISMISSED, Event.Status.ARCHIVED)
# The way to `responding` from each earlier state, one declared transition at a time.
TO_RESPONDING = {Event.Status.REPORTED: "verify", Event.Status.VERIFIED: "respond"}
MAX_TEXT = 2000
MAX_ACK_MINUTES = 24 * 60
MAX_RECIPIENT_IDS = 1000


# -- command mode ----------------------------------------------------------------------------------
def command_enter(*, user, event_id: int) -> tuple[CommandSession, Event, str | None]:
    """Open (or return the open) command session of the event and move the event towards
    `responding` by its declared transitions, each on the timeline. Steps this user may not make
    (a duty officer may verify but only a commander starts the response) are left to a commander:
    the third value says which. Answers (session, event, waiting_for)."""
    event = event_for(user, event_id, roles=access.COMMAND_ROLES)
    if event.status in FINISHED:
        raise Conflict(_("Event %(code)s is %(state)s: reopen it before entering command mode.") % {
            "code": event.code, "state": EVENT_WORKFLOW.state_label(event.status)})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        session = CommandSession.objects.filter(event=event, ended_at__isnull=True).first()
        if session is None:
            session = CommandSession.objects.create(event=event, commander=user, started_at=timezone.now())
            timeline_record(subject=session, kind=TimelineEntry.Kind.NOTE, actor=user, at=session.started_at,
                            reason=_("Command started"),
                            payload={"what": "command_started", "commander": actor_label_of(user)})
        waiting_for = None
        while event.status in TO_RESPONDING:
            name = TO_RESPONDING[event.status]
            if not any(a["name"] == name for a in allowed_transitions(EVENT_WORKFLOW, event, user)):
                waiting_for = name
                break
            event = event_transition(event_id=event.pk, transition=name, user=user,
                                     reason=_("Command mode entered")).instance
    return session, event, waiting_for


def open_session(event_id: int) -> CommandSession | None:
    return CommandSession.objects.filter(event_id=event_id, ended_at__isnull=True).select_related("commander").first()


# -- instructions ----------------------------------------------------------------------------------
def _id_list(value, field: str) -> list[int]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > MAX_RECIPIENT_IDS or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**31 for v in value):
        raise InvalidInput(_("%(field)s: a list of ids.") % {"field": field}, errors={field: [_("A list of ids.")]})
    return list(dict.fromkeys(value))


def parse_instruction(body) -> dict:
    if not isinstance(body, dict):
        raise InvalidInput(_('Send a JSON object such as {"text": "...", "to_users": [3]}.'))
    allowed = {"client_id", "text", "priority", "to_users", "to_departments", "to_everyone", "ack_within_min"}
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)},
                           errors={n: [_("Unknown field.")] for n in unknown})
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("text: write the instruction."), errors={"text": [_("Write the instruction.")]})
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("text: at most %(n)s characters.") % {"n": MAX_TEXT},
                           errors={"text": [_("Too long.")]})
    priority = body.get("priority") or Instruction.Priority.NORMAL
    if priority not in Instruction.Priority.values:
        raise InvalidInput(_("priority is one of %(values)s.") % {"values": ", ".join(Instruction.Priority.values)},
                           errors={"priority": [_("Unknown priority.")]})
    everyone = body.get("to_everyone", False)
    if not isinstance(everyone, bool):
        raise InvalidInput(_("to_everyone: true or false."), errors={"to_everyone": [_("true or false.")]})
    ack = body.get("ack_within_min")
    if ack is not None and (not isinstance(ack, int) or isinstance(ack, bool) or not 1 <= ack <= MAX_ACK_MINUTES):
        raise InvalidInput(_("ack_within_min: whole minutes from 1 to %(n)s.") % {"n": MAX_ACK_MINUTES},
                           errors={"ack_within_min": [_("Whole minutes.")]})
    parsed = {"text": text.strip(), "priority": priority, "to_everyone": everyone, "ack_within_min": ack,
              "to_users": _id_list(body.get("to_users"), "to_users"),
              "to_departments": _id_list(body.get("to_departments"), "to_departments")}
    if not (parsed["to_users"] or parsed["to_departments"] or everyone):
        raise InvalidInput(_("Say who receives it: to_users, to_departments or to_everyone."),
                           errors={"to_users": [_("No recipient.")]})
    return parsed


def _recipients(event: Event, parsed: dict) -> list[tuple[int, str, int | None]]:
    """(user id, via, department id) per recipient, the most specific way first, each person once."""
    from geo_api.plans.models import Department

    users = get_user_model().objects.filter(pk__in=parsed["to_users"], is_active=True)
    found = set(users.values_list("pk", flat=True))
    missing = [u for u in parsed["to_users"] if u not in found]
    if missing:
        raise InvalidInput(_("No active account with id %(ids)s.") % {"ids": ", ".join(map(str, missing))},
                           errors={"to_users": [_("Unknown account.")]})
    departments = list(Department.objects.filter(pk__in=parsed["to_departments"]).prefetch_related("members"))
    unknown = sorted(set(parsed["to_departments"]) - {d.pk for d in departments})
    if unknown:
        raise InvalidInput(_("No department with id %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
                           errors={"to_departments": [_("Unknown department.")]})
    out: dict[int, tuple[int, str, int | None]] = {}
    for user_id in parsed["to_users"]:
        out.setdefault(user_id, (user_id, InstructionDelivery.Via.USER, None))
    for department in departments:
        for member in department.members.filter(is_active=True):
            out.setdefault(member.pk, (member.pk, InstructionDelivery.Via.DEPARTMENT, department.pk))
    if parsed["to_everyone"]:
        for user_id in sorted(access.everyone_on(event.pk)):
            out.setdefault(user_id, (user_id, InstructionDelivery.Via.EVERYONE, None))
    if not out:
        raise Conflict(_("Nobody would receive this instruction: the departments have no members and nobody "
                         "is assigned to or checked in at the event yet. Address people by name."))
    return list(out.values())


def instruction_send(*, user, event_id: int, body) -> Instruction:
    """指令下发: one instruction, one delivery per recipient, one timeline entry on the event."""
    event = event_for(user, event_id, roles=access.SENDERS)
    parsed = parse_instruction(body)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status in FINISHED:
            raise Conflict(_("Event %(code)s is %(state)s: no more instructions.") % {
                "code": event.code, "state": EVENT_WORKFLOW.state_label(event.status)})
        recipients = _recipients(event, parsed)
        instruction = Instruction.objects.create(
            event=event, text=parsed["text"], priority=parsed["priority"], sent_by=user, sent_at=timezone.now(),
            to_everyone=parsed["to_everyone"], ack_within_min=parsed["ack_within_min"])
        instruction.to_departments.set(parsed["to_departments"])
        InstructionDelivery.objects.bulk_create([
            InstructionDelivery(instruction=instruction, event=event, user_id=u, via=via, department_id=d)
            for u, via, d in recipients])
        timeline_record(subject=instruction, kind=TimelineEntry.Kind.INSTRUCTION, actor=user, at=instruction.sent_at,
                        reason=instruction.text[:500],
                        payload={"what": "instruction_sent", "instruction": instruction.pk,
                                 "priority": instruction.priority, "recipients": [u for u, _v, _d in recipients],
                                 "ack_within_min": instruction.ack_within_min})
    return instruction


def instruction_acknowledge(*, user, instruction_id: int, note: str = "") -> InstructionDelivery:
    """签收: the recipient confirms; once only (a second time answers the first acknowledgement)."""
    if note is None:
        note = ""
    if not isinstance(note, str) or len(note) > 500:
        raise InvalidInput(_("note: text of at most 500 characters."), errors={"note": [_("At most 500 characters.")]})
    if not access.instructions_visible_to(user).filter(pk=instruction_id).exists():
        raise NotFound(_("No instruction with id %(id)s.") % {"id": instruction_id})
    with transaction.atomic():
        delivery = (InstructionDelivery.objects.select_for_update().select_related("instruction")
                    .filter(instruction_id=instruction_id, user=user).first())
        if delivery is None:
            raise Refused(_("This instruction is not addressed to you; only its recipients acknowledge it."))
        if delivery.acknowledged_at is not None:
            return delivery
        delivery.acknowledged_at = timezone.now()
        delivery.note = note.strip()
        delivery.save(update_fields=["acknowledged_at", "note"])
        timeline_record(subject=delivery.instruction, kind=TimelineEntry.Kind.INSTRUCTION, actor=user,
                        at=delivery.acknowledged_at, reason=delivery.note,
                        payload={"what": "instruction_acknowledged", "instruction": instruction_id,
                                 "delivery": delivery.pk, "late": delivery.escalated_at is not None})
    return delivery


def _overdue(now: datetime) -> list[int]:
    """Deliveries past their instruction's acknowledgement window, not acknowledged, not escalated
    (decided by PostgreSQL: sent_at + minutes × 1 minute <= now, on the partial index of open rows)."""
    due = ExpressionWrapper(F("instruction__sent_at") + F("instruction__ack_within_min") * timedelta(minutes=1),
                            output_field=DateTimeField())
    # An archived event is read-only (geo_api/cases/guard.py): nothing is escalated on it any more.
    return list(InstructionDelivery.objects.filter(acknowledged_at__isnull=True, escalated_at__isnull=True,
                                                   instruction__ack_within_min__isnull=False)
                .exclude(event__status="archived")
                .alias(due=due).filter(due__lte=now).values_list("pk", flat=True))


def instructions_escalate(now: datetime | None = None) -> list[int]:
    """The scheduled check (every minute): each overdue unacknowledged delivery is escalated once;
    per instruction, one timeline entry and one notice to the sender and the event's commanders,
    published live. Safe to run twice (escalated rows are skipped; rows are locked). Answers the
    escalated delivery ids."""
    now = now or timezone.now()
    escalated = []
    with transaction.atomic():
        ids = _overdue(now)
        rows = list(InstructionDelivery.objects.select_for_update(skip_locked=True)
                    .filter(pk__in=ids, acknowledged_at__isnull=True, escalated_at__isnull=True)
                    .select_related("instruction", "user").order_by("instruction_id", "id"))
        by_instruction: dict[int, list[InstructionDelivery]] = {}
        for delivery in rows:
            by_instruction.setdefault(delivery.instruction_id, []).append(delivery)
        for deliveries in by_instruction.values():
            instruction = deliveries[0].instruction
            for delivery in deliveries:
                delivery.escalated_at = now
            InstructionDelivery.objects.bulk_update(deliveries, ["escalated_at"])
            if instruction.escalated_at is None:
                Instruction.objects.filter(pk=instruction.pk).update(escalated_at=now)
            names = "、".join(d.user.get_full_name() or d.user.get_username() for d in deliveries)
            text = _("Not acknowledged within %(n)s minutes by %(names)s: %(text)s") % {
                "n": instruction.ack_within_min, "names": names, "text": instruction.text[:200]}
            notice = _notify(instruction, text, now)
            timeline_record(subject=instruction, kind=TimelineEntry.Kind.INSTRUCTION, actor=None, at=now, reason=text,
                            payload={"what": "instruction_escalated", "instruction": instruction.pk,
                                     "deliveries": [d.pk for d in deliveries], "notice": notice.pk if notice else None,
                                     "recipients": [d.user_id for d in deliveries]})
            escalated += [d.pk for d in deliveries]
    return escalated


def _notify(instruction: Instruction, text: str, now: datetime) -> Instruction | None:
    """The escalation notice: an instruction-like row to the sender and the event's commanders."""
    people = {s.commander_id for s in CommandSession.objects.filter(event_id=instruction.event_id)}
    if instruction.sent_by_id:
        people.add(instruction.sent_by_id)
    if not people:
        return None
    notice = Instruction.objects.create(
        event_id=instruction.event_id, kind=Instruction.Kind.ESCALATION, text=text, sent_at=now,
        priority=Instruction.Priority.URGENT, escalates=instruction)
    InstructionDelivery.objects.bulk_create([
        InstructionDelivery(instruction=notice, event_id=instruction.event_id, user_id=u,
                            via=InstructionDelivery.Via.ESCALATION) for u in sorted(people)])
    return notice


# -- field reports ---------------------------------------------------------------------------------
def field_report(*, user, event_id: int, text, lon=None, lat=None, files=()) -> EventReport:
    """信息上报 from the field: text, photos, where. Desk roles always may; a field responder
    must be on the event (assigned, instructed, checked in, or on duty)."""
    event = event_for(user, event_id, roles=FOLLOW_UP_ROLES)
    if not roles_of(user) & DESK_ROLES and not access.on_the_event(user, event.pk):
        raise Refused(_("You are not on this event: report once you are assigned, instructed or checked in."))
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("text: write what you see."), errors={"text": [_("Write what you see.")]})
    if len(text) > 5000:
        raise InvalidInput(_("text: at most 5000 characters."), errors={"text": [_("At most 5000 characters.")]})
    point = None
    if lon not in (None, "") or lat not in (None, ""):
        try:
            x, y = float(lon), float(lat)
        except (TypeError, ValueError):
            raise InvalidInput(_("lon, lat: two numbers (WGS84)."), errors={"lon": [_("A number.")]}) from None
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            raise InvalidInput(_("lon, lat: outside the WGS84 range."), errors={"lon": [_("Out of range.")]})
        point = Point(x, y, srid=4326)
    checked = check_files(files)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status in REPORTS_CLOSED:
            raise Conflict(_("Event %(code)s is %(state)s: nothing more is added to it.") % {
                "code": event.code, "state": EVENT_WORKFLOW.state_label(event.status)})
        report = EventReport.objects.create(
            event=event, kind=EventReport.Kind.FOLLOW_UP, received_at=timezone.now(), source=Event.Source.FIELD,
            reporter=(user.get_full_name() or user.get_username())[:50], text=text.strip(), geom=point,
            created_by=user)
        stored = _store_files(event=event, report=report, files=checked, user=user)
        timeline_record(subject=report, event_id=event.pk, kind=TimelineEntry.Kind.REPORT, actor=user,
                        at=report.received_at, reason=report.text[:500],
                        payload={**_report_payload(report, stored), "what": "field_report",
                                 "lon": point.x if point else None, "lat": point.y if point else None})
    return report
