"""Who may do what in command mode, and who reads which instruction. One place: the APIs, the
board and the live channel (geo_api/live/records.py) all ask these functions.

- Entering command mode and sending instructions: commanders, duty officers, administrators,
  on events they may read (the `events` layer and its row filter).
- An instruction is read by its sender, its recipients, and the overseers (commanders, duty
  officers, administrators) who may read its event. Nobody else learns it exists.
- "Everyone on the event": the people assigned a plan task on it (the person, or the members of
  the department) and the responders who checked in there."""
from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from geo_api.accounts.roles import Role, roles_of
from geo_api.incidents.models import Event
from geo_api.incidents.selectors import events_layer
from layers.access import can_read, row_filter
from layers.query import LayerQuery

from .models import Instruction, InstructionDelivery

OVERSEERS = frozenset({Role.COMMANDER, Role.DUTY_OFFICER, Role.ADMINISTRATOR})
COMMAND_ROLES = OVERSEERS   # enter command mode
SENDERS = OVERSEERS         # send instructions


def oversees(user) -> bool:
    return bool(roles_of(user) & OVERSEERS)


def readable_event_ids(user, event_ids: Iterable[int]) -> set[int]:
    """The events among `event_ids` this user may read (drills: staff who see every row)."""
    ids = list({int(i) for i in event_ids if i is not None})
    layer = events_layer()
    if not ids or not can_read(user, layer):
        return set()
    visible = set(LayerQuery.of(layer, user).visible_ids(ids))
    if row_filter(user, layer) is None:
        visible |= set(Event.objects.filter(pk__in=ids, is_drill=True).values_list("pk", flat=True))
    return visible


def instructions_visible_to(user, *, event_id: int | None = None) -> QuerySet[Instruction]:
    if not (user and user.is_authenticated and user.is_active):
        return Instruction.objects.none()
    rows = Instruction.objects.all() if event_id is None else Instruction.objects.filter(event_id=event_id)
    own = Q(sent_by=user) | Q(deliveries__user=user)
    if oversees(user):
        if event_id is not None:
            if readable_event_ids(user, [event_id]):
                return rows
            return rows.filter(own).distinct()
        # Every event a commander may read: all real ones (row filter) and drills for full readers.
        events = set(rows.values_list("event_id", flat=True).distinct())
        return rows.filter(own | Q(event_id__in=readable_event_ids(user, events))).distinct()
    return rows.filter(own).distinct()


def visible_instruction_ids(user, ids) -> set[int]:
    """The `instruction` live record's decision."""
    ids = list(ids)
    rows = list(Instruction.objects.filter(pk__in=ids).values_list("pk", "event_id", "sent_by_id"))
    addressed = set(InstructionDelivery.objects.filter(instruction_id__in=ids, user_id=user.pk)
                    .values_list("instruction_id", flat=True))
    overseen = readable_event_ids(user, {e for _, e, _ in rows}) if oversees(user) else set()
    return {pk for pk, event_id, sender in rows if sender == user.pk or pk in addressed or event_id in overseen}


def visible_delivery_ids(user, ids) -> set[int]:
    """The `instruction_ack` live record's decision: the recipient, the sender, the overseers."""
    rows = list(InstructionDelivery.objects.filter(pk__in=list(ids))
                .values_list("pk", "event_id", "user_id", "instruction__sent_by_id"))
    overseen = readable_event_ids(user, {e for _, e, _, _ in rows}) if oversees(user) else set()
    return {pk for pk, event_id, recipient, sender in rows
            if user.pk in (recipient, sender) or event_id in overseen}


def instruction_people(ids) -> dict[int, list[int]]:
    """`user.N` topics of instructions: the sender and every recipient."""
    out: dict[int, list[int]] = {}
    for pk, sender in Instruction.objects.filter(pk__in=list(ids)).values_list("pk", "sent_by_id"):
        if sender is not None:
            out.setdefault(pk, []).append(sender)
    for pk, recipient in InstructionDelivery.objects.filter(instruction_id__in=list(ids)).values_list(
            "instruction_id", "user_id"):
        out.setdefault(pk, []).append(recipient)
    return out


def delivery_people(ids) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for pk, recipient, sender in InstructionDelivery.objects.filter(pk__in=list(ids)).values_list(
            "pk", "user_id", "instruction__sent_by_id"):
        out[pk] = [u for u in (recipient, sender) if u is not None]
    return out


def checked_in_user_ids(event_id: int) -> set[int]:
    """Accounts of responders who checked in at the event."""
    from geo_api.responders.models import CheckIn

    return set(CheckIn.objects.filter(event_id=event_id, responder__user__isnull=False)
               .values_list("responder__user_id", flat=True))


def assigned_user_ids(event_id: int) -> set[int]:
    """People given a plan task on the event: the assignee, or the members of the department."""
    from geo_api.tasks.models import Task

    people = set()
    for assignee, member in Task.objects.filter(event_id=event_id).values_list("assignee_id", "department__members"):
        who = assignee if assignee is not None else member
        if who is not None:
            people.add(who)
    return people


def everyone_on(event_id: int) -> set[int]:
    return assigned_user_ids(event_id) | checked_in_user_ids(event_id)


def on_the_event(user, event_id: int) -> bool:
    """May report from the field on this event: assigned a task on it, addressed by one of its
    instructions, checked in there, or a responder on duty."""
    if not (user and user.is_authenticated):
        return False
    if user.pk in everyone_on(event_id):
        return True
    if InstructionDelivery.objects.filter(event_id=event_id, user=user).exists():
        return True
    from geo_api.responders.models import Responder

    return Responder.objects.filter(user=user, on_duty=True).exists()
