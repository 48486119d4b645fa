"""GET /api/events/{id}/board/: everything the command view shows beside the map layers, read
from the owning apps' selectors, each part filtered by the same access code as its own API."""
from __future__ import annotations

from django.db.models.expressions import RawSQL
from django.utils import timezone

from geo_api.incidents.models import Event
from geo_api.incidents.selectors import event_feature, event_reports
from geo_api.plans.models import PlanActivation
from geo_api.responders.models import ResponderPosition
from geo_api.responders.selectors import check_in_json, check_ins_of
from geo_api.shelters.selectors import event_shelters
from geo_api.tasks.selectors import tasks_list
from geo_api.timeline.selectors import entry_json, timeline_for_event
from geo_api.warnings.selectors import active_warnings
from layers.access import can_read
from layers.query import LayerQuery
from layers.registry import load_catalog

from .instructions import event_instructions, instruction_json
from .selectors import RINGS_M
from .services import open_session

LIST_LIMIT = 200


def _local(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _person(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def _check_ins(event: Event) -> list[dict]:
    """The responders app's own check-in JSON (GET /api/events/{id}/check-ins/), newest first."""
    return [check_in_json(c) for c in check_ins_of(event.pk)[:LIST_LIMIT]]


def _responders(user, event: Event, checked_in: set[int]) -> list[dict]:
    """Latest positions within the outer ring, and of everyone checked in, if this user may read
    the restricted positions layer (its row filter applies: a responder sees colleagues on duty)."""
    layer = load_catalog().get("personnel_positions")
    if not can_read(user, layer):
        return []
    near = {row[0] for row in LayerQuery.of(layer, user).within_m(event.geom.x, event.geom.y, max(RINGS_M)).fetch("id")}
    if checked_in:
        ids = set(ResponderPosition.objects.filter(responder_id__in=checked_in).values_list("pk", flat=True))
        near |= LayerQuery.of(layer, user).visible_ids(ids)
    rows = ResponderPosition.objects.filter(pk__in=near).select_related("responder").order_by("responder__name")
    return [{"id": p.responder_id, "name": p.responder.name, "organization": p.responder.organization,
             "user": p.responder.user_id,  # the account an instruction is addressed to
             "lon": p.geom.x, "lat": p.geom.y, "recorded_at": _local(p.recorded_at),
             "checked_in": p.responder_id in checked_in} for p in rows]


def _plan(event: Event) -> dict | None:
    activation = (PlanActivation.objects.filter(event=event).select_related("plan", "version")
                  .order_by("-activated_at", "-id").first())
    if activation is None:
        return None
    return {"activation": activation.pk, "plan": activation.plan_id, "code": activation.plan.code,
            "title": activation.version.title, "level": activation.response_level,
            "activated_at": _local(activation.activated_at)}


def _tasks(user, event: Event) -> list[dict]:
    now = timezone.now()
    return [{"id": t.pk, "title": t.title, "owner": t.owner_label, "status": t.status,
             "status_label": str(t.Status(t.status).label), "deadline": _local(t.deadline),
             "overdue": t.overdue_at is not None or (t.status != t.Status.DONE and t.deadline < now)}
            for t in tasks_list(user, event_id=event.pk)[:LIST_LIMIT]]


def _reports(event: Event) -> list[dict]:
    rows = event_reports(event).select_related("created_by").prefetch_related("attachments").order_by(
        "-received_at", "-id")[:LIST_LIMIT]
    return [{"id": r.pk, "kind": r.kind, "source": r.source or None, "text": r.text,
             "by": _person(r.created_by) or r.reporter or None, "at": _local(r.received_at),
             "lon": r.geom.x if r.geom else None, "lat": r.geom.y if r.geom else None,
             "photos": [f"/api/events/{event.pk}/attachments/{a.pk}/" for a in r.attachments.all()
                        if a.content_type.startswith("image/")]} for r in rows]


def _warnings(event: Event) -> list[dict]:
    """Warnings in force over the event's outer ring (the public warnings layer)."""
    near = RawSQL(
        "SELECT id FROM onemap_warning WHERE ST_DWithin(geom::geography, "
        "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)", (event.geom.x, event.geom.y, max(RINGS_M)))
    return [{"id": w.pk, "headline": w.headline, "level": w.level, "event_name": w.event_name,
             "expires": _local(w.expires)} for w in active_warnings().filter(pk__in=near)[:50]]


def _shelters(event: Event) -> list[dict]:
    return [{"id": o["shelter"]["id"], "opening": o["id"], "name": o["shelter"]["name"], "capacity": o["capacity"],
             "occupancy": o["occupants"], "remaining": o["remaining"], "full": o["full"],
             "lon": o["shelter"]["lon"], "lat": o["shelter"]["lat"]}
            for o in event_shelters(event.pk) if o["open"]]


def board(user, event: Event) -> dict:
    """`event` is already checked readable by the caller (incidents.selectors.event_for)."""
    session = open_session(event.pk)
    check_ins = _check_ins(event)
    return {
        "event": event_feature(event),
        "rings": list(RINGS_M),
        "command": ({"commander": {"id": session.commander_id, "label": _person(session.commander)},
                     "started_at": _local(session.started_at)} if session else None),
        "check_ins": check_ins,
        "responders": _responders(user, event, {c["responder"] for c in check_ins}),
        "plan": _plan(event),
        "tasks": _tasks(user, event),
        "instructions": [instruction_json(i, user) for i in event_instructions(user, event.pk)[:LIST_LIMIT]],
        "reports": _reports(event),
        "warnings": _warnings(event) if can_read(user, load_catalog().get("warnings")) else [],
        "shelters": _shelters(event),
        "timeline": [entry_json(e) for e in timeline_for_event(event.pk).order_by("-at", "-id")[:LIST_LIMIT]],
    }
