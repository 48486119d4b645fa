"""Opening shelters in an event: open (only an available shelter, once at a time), register
arrivals and departures under the opening's row lock (never above the capacity: 409 "full"; never
below zero), close. Rows carry the event FK, so the event's live topic carries every change."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record
from geo_api.timeline.transitions import readable_instance

from ..access import require
from ..models import ShelterMovement, ShelterOpening
from ..selectors import unavailable_reasons
from .lifecycle import SHELTER_WORKFLOW

CLOSED_EVENT_STATES = ("closed", "dismissed", "archived")


def _event(event_id, user):
    from geo_api.incidents.services import EVENT_WORKFLOW

    event = readable_instance(EVENT_WORKFLOW, event_id, user)
    if event.status in CLOSED_EVENT_STATES:
        raise Conflict(_("Event %(code)s is %(state)s: shelters are opened for an ongoing event only.") % {
            "code": event.code, "state": event.get_status_display()})
    return event


def opening_open(*, user, event_id: int, shelter_id) -> ShelterOpening:
    require(user, "open")
    if isinstance(shelter_id, bool) or not isinstance(shelter_id, int):
        raise InvalidInput(_("Give the shelter's id."), errors={"shelter": [_("A shelter id.")]})
    with transaction.atomic():
        event = _event(event_id, user)
        shelter = readable_instance(SHELTER_WORKFLOW, shelter_id, user, lock=True)
        reasons = unavailable_reasons(shelter)
        if reasons:
            raise Conflict(_("%(name)s cannot be opened: %(reasons)s.") % {"name": shelter.name, "reasons": "; ".join(reasons)},
                           reasons=reasons)
        current = ShelterOpening.objects.filter(shelter=shelter, closed_at__isnull=True).select_related("event").first()
        if current is not None:
            raise Conflict(_("%(name)s is already open for event %(code)s.") % {"name": shelter.name, "code": current.event.code},
                           opening=current.pk)
        try:
            with transaction.atomic():
                opening = ShelterOpening.objects.create(shelter=shelter, event=event, opened_at=timezone.now(),
                                                        opened_by=user, capacity=shelter.capacity)
        except IntegrityError:  # opened by someone else a moment ago
            raise Conflict(_("%(name)s was opened a moment ago.") % {"name": shelter.name}) from None
        timeline_record(subject=opening, kind=TimelineEntry.Kind.NOTE, actor=user, event_id=event.pk,
                        reason=_("Shelter %(name)s opened.") % {"name": shelter.name},
                        payload={"shelter": shelter.pk, "capacity": shelter.capacity})
    return opening


def _opening(event_id, opening_id, user, *, lock=True) -> ShelterOpening:
    from geo_api.incidents.services import EVENT_WORKFLOW

    readable_instance(EVENT_WORKFLOW, event_id, user)  # the event's access decides who sees its openings
    manager = ShelterOpening.objects.select_for_update() if lock else ShelterOpening.objects
    opening = manager.filter(pk=opening_id, event_id=event_id).first()
    if opening is None:
        raise NotFound(_("Event %(e)s has no shelter opening %(o)s.") % {"e": event_id, "o": opening_id})
    return opening


def movement_record(*, user, event_id: int, opening_id: int, kind: str, count, names: str = "") -> ShelterMovement:
    """An arrival or departure of `count` people (optionally named, one per line)."""
    require(user, "open")
    if kind not in ShelterMovement.Kind.values:
        raise InvalidInput(_('kind is "arrival" or "departure".'), errors={"kind": [_('"arrival" or "departure".')]})
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100_000:
        raise InvalidInput(_("count is a whole number of people from 1."), errors={"count": [_("From 1.")]})
    if not isinstance(names, str) or len(names) > 20_000:
        raise InvalidInput(_("names is text, one name a line."), errors={"names": [_("Text.")]})
    with transaction.atomic():
        opening = _opening(event_id, opening_id, user)
        if opening.closed_at is not None:
            raise Conflict(_("This shelter was closed for the event; open it again first."))
        if kind == ShelterMovement.Kind.ARRIVAL:
            if opening.occupants + count > opening.capacity:
                raise Conflict(_("The shelter is full: %(inside)s of %(capacity)s places taken, %(left)s left; "
                                 "%(count)s cannot be admitted. Send them to another shelter.") % {
                    "inside": opening.occupants, "capacity": opening.capacity, "left": opening.remaining, "count": count},
                    full=opening.remaining == 0, remaining=opening.remaining, occupants=opening.occupants,
                    capacity=opening.capacity)
            opening.occupants += count
        else:
            if count > opening.occupants:
                raise Conflict(_("Only %(inside)s people are registered inside; %(count)s cannot leave.") % {
                    "inside": opening.occupants, "count": count}, occupants=opening.occupants)
            opening.occupants -= count
        opening.save(update_fields=["occupants"])
        return ShelterMovement.objects.create(opening=opening, event_id=opening.event_id, kind=kind, count=count,
                                              names=names.strip(), occupants_after=opening.occupants, recorded_by=user)


def opening_close(*, user, event_id: int, opening_id: int, reason: str = "") -> ShelterOpening:
    require(user, "open")
    with transaction.atomic():
        opening = _opening(event_id, opening_id, user)
        if opening.closed_at is not None:
            raise Conflict(_("This shelter is already closed for the event."))
        if opening.occupants:
            raise Conflict(_("%(n)s people are still registered inside; register their departure first.") % {
                "n": opening.occupants}, occupants=opening.occupants)
        opening.closed_at, opening.closed_by = timezone.now(), user
        opening.save(update_fields=["closed_at", "closed_by"])
        timeline_record(subject=opening, kind=TimelineEntry.Kind.NOTE, actor=user, event_id=event_id,
                        reason=reason or _("Shelter closed."), payload={"shelter": opening.shelter_id})
    return opening
