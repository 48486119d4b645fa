"""Writes of the case library. case_record is called by the event's close and archive
transitions (geo_api/incidents/services.event_transition) inside their transaction: a case is
written exactly when its event closes, rewritten when a reopened event closes again, and frozen
when the event is archived."""
from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db.models import Value
from django.utils import timezone

from geo_api.reference import event_types

from .models import Case
from .snapshot import event_snapshot

CLOSED, ARCHIVED = "closed", "archived"


def _type_label(event) -> str:
    """The type's English name and code, so an English query finds a case too (events store the
    Chinese name)."""
    found = event_types.event_type(event.event_type)
    return f"{found.name_en} {found.code}" if found else ""


def _summary(snapshot: dict) -> str:
    """The closing reason of the last close transition: the commander's closing summary."""
    for entry in reversed(snapshot["timeline"]):
        if entry["transition"] == "close":
            return entry["reason"]
    return ""


def _search_text(event, snapshot: dict, district_name: str) -> str:
    parts = [event.code, event.title, event.event_type, _type_label(event), district_name, event.address,
             event.description, _summary(snapshot)]
    parts += [r["text"] for r in snapshot["reports"]]
    return "\n".join(p for p in parts if p)


def case_record(*, event, user) -> Case | None:
    """Write or rewrite the case of `event` (closed) or freeze it (archived). The caller holds the
    transaction and the event's row lock. A dismissed event archived is no case: nothing was done.
    `user` is the person whose transition this is (recorded on the timeline by the transition)."""
    existing = Case.objects.select_for_update().filter(event_id=event.pk).first()
    if event.status == ARCHIVED:
        if existing is None:
            return None
        existing.archived_at = timezone.now()
        existing.save(update_fields=["archived_at"])
        return existing
    if event.status != CLOSED:
        return existing
    snapshot = event_snapshot(event)
    district_name = event.district.name if event.district_id else ""
    fields = dict(code=event.code, title=event.title, category=event.category, event_type=event.event_type,
                  severity=event.severity, district_id=event.district_id, district_name=district_name,
                  address=event.address, is_drill=event.is_drill, reported_at=event.reported_at,
                  closed_at=event.closed_at or timezone.now(), summary=_summary(snapshot), geom=event.geom,
                  search_text=_search_text(event, snapshot, district_name), snapshot=snapshot,
                  responder_ids=snapshot["responder_ids"],
                  recorded_at=timezone.now())
    if existing is None:
        case = Case.objects.create(event=event, **fields)
    else:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.times_closed += 1
        existing.save()
        case = existing
    # 'simple': no stemming, no stop words — codes, names and Latin words match as written.
    Case.objects.filter(pk=case.pk).update(search=SearchVector(Value(case.search_text), config="simple"))
    return case
