"""Writes to the timeline. Callers run inside their own transaction, so an entry is written
together with the change it describes, or not at all."""
from django.utils import timezone

from .models import TimelineEntry


def subject_key(subject) -> tuple[str, int]:
    return subject._meta.label_lower, int(subject.pk)


def actor_label_of(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.get_username()})" if full else user.get_username()


def timeline_record(*, subject, kind: str, actor, reason: str = "", payload: dict | None = None,
                    event_id: int | None = None, transition: str = "", from_state: str = "",
                    to_state: str = "", at=None) -> TimelineEntry:
    """Append one entry about `subject` (a saved model instance). `actor` None means the system
    (a scheduled check, a feed). An event is its own incident: its entries carry its id."""
    subject_type, subject_id = subject_key(subject)
    if event_id is None and subject_type == "incidents.event":
        event_id = subject_id
    if event_id is None:
        # A row that belongs to an incident (a plan task, an instruction) names it by a FK `event`.
        event_id = getattr(subject, "event_id", None)
    if kind not in TimelineEntry.Kind.values:
        raise ValueError(f"unknown timeline kind {kind!r}")
    return TimelineEntry.objects.create(
        subject_type=subject_type, subject_id=subject_id, event_id=event_id, kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None, actor_label=actor_label_of(actor),
        at=at or timezone.now(), reason=reason or "", transition=transition, from_state=from_state or "",
        to_state=to_state or "", payload=payload or {},
    )
