"""Reads of the timeline, oldest first (the order of a replay)."""
from django.db.models import QuerySet
from django.utils import timezone

from .models import TimelineEntry
from .services import subject_key


def timeline_for(subject) -> QuerySet[TimelineEntry]:
    subject_type, subject_id = subject_key(subject)
    return TimelineEntry.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("at", "id")


def timeline_for_event(event_id: int) -> QuerySet[TimelineEntry]:
    """Everything about one incident: its own transitions and whatever else names it."""
    return TimelineEntry.objects.filter(event_id=event_id).order_by("at", "id")


def entry_json(entry: TimelineEntry) -> dict:
    local = timezone.localtime(entry.at)
    return {
        "id": entry.id, "kind": entry.kind, "kind_label": str(TimelineEntry.Kind(entry.kind).label),
        "subject": {"type": entry.subject_type, "id": entry.subject_id}, "event_id": entry.event_id,
        "actor": {"id": entry.actor_id, "label": entry.actor_label},
        "at": local.isoformat(), "at_display": local.strftime("%Y-%m-%d %H:%M"),
        "reason": entry.reason, "transition": entry.transition or None,
        "from_state": entry.from_state or None, "to_state": entry.to_state or None, "payload": entry.payload,
    }
