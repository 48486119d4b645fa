"""What a case keeps of its event when it closes (issue 10 item 5): the timeline, the plan tasks,
the instructions and their acknowledgements, the reports with their files, the plan activation,
the responders involved with their tracks. JSON only, times in ISO 8601 (Shanghai), so the case
page, the replay and an export read it without the live tables.

The command app's instructions are read through its own selectors when it offers them
(`instructions_for_event`), else through its models, field by field: that app is built alongside
this one and its shape may grow."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from geo_api.timeline.selectors import entry_json, timeline_for_event

from . import positions


def iso(value) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat() if isinstance(value, datetime) else value.isoformat()


def _plain(value):
    if isinstance(value, datetime | date):
        return iso(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "geom_type"):  # a GEOS geometry
        return {"lon": value.x, "lat": value.y} if value.geom_type == "Point" else value.wkt
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def row_fields(instance) -> dict:
    """Every concrete field of a row, foreign keys as ids: a faithful copy of a model we do not own."""
    return {f.attname: _plain(getattr(instance, f.attname)) for f in instance._meta.concrete_fields}


def tasks_of(event) -> list[dict]:
    out = []
    for task in event.plan_tasks.select_related("assignee", "department").order_by("deadline", "id"):
        out.append({"id": task.pk, "title": task.title, "action": task.action_id, "activation": task.activation_id,
                    "owner": task.owner_label, "assignee": task.assignee_id, "department": task.department_id,
                    "status": task.status, "status_label": str(task.get_status_display()),
                    "deadline": iso(task.deadline), "done_at": iso(task.done_at), "overdue_at": iso(task.overdue_at),
                    "created_at": iso(task.created_at)})
    return out


def _model(label: str, name: str):
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


def instructions_of(event) -> list[dict]:
    """The command app's own JSON of each instruction with its recipients and acknowledgements."""
    try:
        from geo_api.command.instructions import instruction_json, with_deliveries
        from geo_api.command.models import Instruction
    except ImportError:
        return _instructions_by_model(event)
    rows = with_deliveries(Instruction.objects.filter(event_id=event.pk)).order_by("sent_at", "id")
    return _plain([instruction_json(row) for row in rows])


def _instructions_by_model(event) -> list[dict]:
    instruction = _model("command", "Instruction")
    if instruction is None:
        return []
    out = []
    for row in instruction.objects.filter(event_id=event.pk).order_by("pk"):
        item = row_fields(row)
        for relation in row._meta.related_objects:  # recipients, acknowledgements: whatever it has
            if relation.one_to_many and relation.related_model._meta.app_label == "command":
                manager = getattr(row, relation.get_accessor_name())
                item[relation.get_accessor_name()] = [row_fields(r) for r in manager.all().order_by("pk")]
        out.append(item)
    return out


def reports_of(event) -> list[dict]:
    out = []
    for report in event.reports.select_related("created_by").prefetch_related("attachments").order_by("received_at", "id"):
        out.append({
            "id": report.pk, "kind": report.kind, "kind_label": str(report.get_kind_display()),
            "received_at": iso(report.received_at), "text": report.text, "reporter": report.reporter,
            "by": report.created_by.get_username() if report.created_by else "", "casualties": report.casualties,
            "lon": report.geom.x if report.geom else None, "lat": report.geom.y if report.geom else None,
            "files": [{"id": a.pk, "name": a.original_name, "content_type": a.content_type,
                       "url": f"/api/events/{event.pk}/attachments/{a.pk}/"} for a in report.attachments.all()],
        })
    return out


def activations_of(event) -> list[dict]:
    from geo_api.plans.models import PlanActivation

    return [{"id": a.pk, "plan": a.plan_id, "plan_code": a.plan.code, "version": a.version_id,
             "version_number": a.version.number, "title": a.version.title, "response_level": a.response_level,
             "reason": a.reason, "by": a.activated_by.get_username(), "at": iso(a.activated_at)}
            for a in PlanActivation.objects.filter(event_id=event.pk).select_related("plan", "version", "activated_by")
            .order_by("activated_at", "id")]


def check_ins_of(event) -> list[dict]:
    check_in = _model("responders", "CheckIn")
    if check_in is None:
        return []
    return [row_fields(c) for c in check_in.objects.filter(event_id=event.pk).order_by("pk")]


def shelters_of(event) -> list[dict]:
    return [{"id": o.pk, "shelter": o.shelter_id, "name": o.shelter.name, "opened_at": iso(o.opened_at),
             "closed_at": iso(o.closed_at), "capacity": o.capacity, "occupants": o.occupants}
            for o in event.shelter_openings.select_related("shelter").order_by("opened_at", "id")]


def responders_of(event, ids: list[int], start, end) -> list[dict]:
    from geo_api.responders.models import Responder

    found = tracks_by_id = {}
    if ids:
        tracks_by_id = positions.tracks(ids, start, end)
        found = {r.pk: r for r in Responder.objects.filter(pk__in=ids)}
    return [{"id": rid, "name": found[rid].name if rid in found else "", "organization":
             found[rid].organization if rid in found else "",
             "track": _plain(thinned(tracks_by_id.get(rid, [])))} for rid in ids]


# A case keeps one position per responder per minute: the route is readable, the record stays
# small (a 3-hour event with 50 responders at 1 sample / 5 s is 108,000 samples, 9,000 kept). The
# full history stays in the position table, which the replay reads.
TRACK_STEP_S = 60


def thinned(track: list[dict]) -> list[dict]:
    out, last = [], None
    for sample in track:
        at = sample.get("recorded_at")
        at = datetime.fromisoformat(at) if isinstance(at, str) else at
        if last is None or at is None or (at - last).total_seconds() >= TRACK_STEP_S:
            out.append(sample)
            last = at
    if track and out[-1] is not track[-1]:
        out.append(track[-1])  # where the responder was last seen
    return out


def event_snapshot(event) -> dict:
    start = event.occurred_at or event.reported_at
    end = event.closed_at or timezone.now()
    ids = positions.involved_responder_ids(event)
    return {
        "event": {"id": event.pk, "code": event.code, "title": event.title, "category": event.category,
                  "event_type": event.event_type, "severity": event.severity, "response_level": event.response_level,
                  "status": event.status, "occurred_at": iso(event.occurred_at), "reported_at": iso(event.reported_at),
                  "closed_at": iso(event.closed_at), "address": event.address, "description": event.description,
                  "casualties": event.casualties, "lon": event.geom.x, "lat": event.geom.y, "is_drill": event.is_drill},
        "timeline": [entry_json(e) for e in timeline_for_event(event.pk)],
        "tasks": tasks_of(event),
        "instructions": instructions_of(event),
        "reports": reports_of(event),
        "activations": activations_of(event),
        "check_ins": check_ins_of(event),
        "shelters": shelters_of(event),
        "responder_ids": ids,
        "responders": responders_of(event, ids, start, end),
    }
