"""Reads of instructions: lists for an event and for the signed-in recipient, as JSON."""
from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .access import instructions_visible_to
from .models import Instruction, InstructionDelivery


def _local(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _display(value) -> str | None:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def with_deliveries(rows: QuerySet[Instruction]) -> QuerySet[Instruction]:
    return rows.select_related("sent_by", "event").prefetch_related(
        Prefetch("deliveries", InstructionDelivery.objects.select_related("user", "department").order_by("id")))


def event_instructions(user, event_id: int) -> QuerySet[Instruction]:
    return with_deliveries(instructions_visible_to(user, event_id=event_id)).order_by("-sent_at", "-id")


def my_instructions(user, *, unacknowledged: bool = False) -> QuerySet[Instruction]:
    """Instructions addressed to this user, on any event, newest first."""
    rows = Instruction.objects.filter(deliveries__user=user)
    if unacknowledged:
        rows = rows.filter(deliveries__user=user, deliveries__acknowledged_at__isnull=True)
    return with_deliveries(rows.distinct()).order_by("-sent_at", "-id")


def recipient_json(delivery: InstructionDelivery) -> dict:
    label = _person(delivery.user)
    if delivery.department_id:
        label = f"{label}（{delivery.department.name}）"
    return {"kind": delivery.via, "id": delivery.user_id, "label": label,
            "department": delivery.department_id, "acknowledged_at": _local(delivery.acknowledged_at),
            "acknowledged_at_display": _display(delivery.acknowledged_at), "note": delivery.note,
            "escalated_at": _local(delivery.escalated_at)}


def instruction_json(instruction: Instruction, user=None) -> dict:
    deliveries = list(instruction.deliveries.all())
    mine = next((d for d in deliveries if user is not None and d.user_id == user.pk), None)
    return {
        "id": instruction.pk, "event": instruction.event_id, "event_code": instruction.event.code,
        "event_title": instruction.event.title, "kind": instruction.kind, "text": instruction.text,
        "priority": instruction.priority, "priority_label": str(Instruction.Priority(instruction.priority).label),
        "sent_by": ({"id": instruction.sent_by_id, "label": _person(instruction.sent_by)}
                    if instruction.sent_by_id else None),
        "sent_at": _local(instruction.sent_at), "sent_at_display": _display(instruction.sent_at),
        "ack_within_min": instruction.ack_within_min,
        "escalated": instruction.escalated_at is not None, "escalated_at": _local(instruction.escalated_at),
        "escalates": instruction.escalates_id,
        "recipients": [recipient_json(d) for d in deliveries],
        "acknowledged": sum(1 for d in deliveries if d.acknowledged_at), "total": len(deliveries),
        "mine": ({"acknowledged_at": _local(mine.acknowledged_at), "note": mine.note} if mine else None),
    }
