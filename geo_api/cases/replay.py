"""The replay of an event (issue 10 item 6), read from what was recorded, never re-simulated:

  outline  start, end and the moments of the slider — every timeline entry of the event
           (state changes, reports, instructions and acknowledgements, task transitions,
           check-ins, notes)
  at(t)    the state of everything at instant t: the event's state and severity, responders'
           positions (each one's last sample at or before t), the plan tasks with their status
           at t (from their transitions on the timeline), instructions sent and whether
           acknowledged, reports so far, shelters open.

A seek is three reads: the case row (who is shown; whether archived), the event's record in one
statement (replay_record.py: timeline, tasks, reports, shelters, instructions; cached for an
archived case), and one LATERAL query over the position history on (responder_id, recorded_at
DESC). Everything at `t` is then filtered in Python from the record — bench/replay.py measures it."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.incidents.models import Event
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.selectors import entry_json, timeline_for_event
from layers.access import can_read
from layers.registry import load_catalog

from . import positions
from .models import Case
from .replay_record import ReplayRecord, replay_record
from .snapshot import iso

EVENT_SUBJECT = "incidents.event"
TASK_SUBJECT = "tasks.task"


def replay_window(event: Event, entries: list[TimelineEntry]) -> tuple[datetime, datetime]:
    starts = [t for t in (event.occurred_at, event.reported_at) if t] + [e.at for e in entries[:1]]
    start = min(starts)
    end = event.closed_at if event.status in ("closed", "archived") and event.closed_at else timezone.now()
    if event.status == "archived" and not event.closed_at and entries:
        end = entries[-1].at
    end = max(end, entries[-1].at if entries else end)
    # Whole seconds, the end rounded up: a browser's clock counts milliseconds, and the last
    # entry must be at or before the end it can seek to.
    return start.replace(microsecond=0), end.replace(microsecond=0) + timedelta(seconds=1)


def _state_label(subject_type: str, state: str) -> str:
    from geo_api.tasks.models import Task

    choices = Event.Status if subject_type == EVENT_SUBJECT else Task.Status
    try:
        return str(choices(state).label)
    except ValueError:
        return state


def _label(entry: TimelineEntry) -> str:
    """What the slider and the side list say about an entry, in the request's language."""
    payload = entry.payload or {}
    plan = payload.get("plan")
    title = payload.get("title") or (plan.get("title", "") if isinstance(plan, dict) else "")
    if entry.kind == TimelineEntry.Kind.TRANSITION:
        what = _("Event") if entry.subject_type == EVENT_SUBJECT else _("Task")
        return (f"{what}{(' ' + title) if title else ''}: {_state_label(entry.subject_type, entry.from_state)} → "
                f"{_state_label(entry.subject_type, entry.to_state)}")
    text = (entry.reason or "").strip().replace("\n", " ")
    parts = [str(TimelineEntry.Kind(entry.kind).label)] + [p for p in (title, text[:80]) if p]
    return ": ".join(parts[:1] + [" · ".join(parts[1:])]) if len(parts) > 1 else parts[0]


def moment_kind(entry: TimelineEntry) -> str:
    """transition (the event's state), task, report, instruction, acknowledgement, check_in, note."""
    if entry.subject_type == TASK_SUBJECT or (entry.payload or {}).get("what", "").startswith("task"):
        return "task"
    if entry.kind == TimelineEntry.Kind.INSTRUCTION and _is_ack(entry):
        return "acknowledgement"
    return entry.kind


def _is_ack(entry: TimelineEntry) -> bool:
    payload = entry.payload or {}
    return "ack" in entry.subject_type or payload.get("what") in ("acknowledged", "instruction_ack", "acknowledgement")


def replay_outline(event: Event) -> dict:
    entries = list(timeline_for_event(event.pk))
    start, end = replay_window(event, entries)
    return {"event": event.pk, "code": event.code, "title": event.title, "start": iso(start), "end": iso(end),
            "lon": event.geom.x, "lat": event.geom.y,
            "moments": [{"at": iso(e.at), "kind": moment_kind(e), "label": _label(e), "entry": e.pk} for e in entries]}


def _instructions(record: ReplayRecord, at: datetime) -> list[dict]:
    """Instructions sent by `at`, each with the recipients who had acknowledged by then."""
    out = []
    for row in record.instructions:
        if row["sent_at"] > at:
            continue
        deliveries = row["deliveries"]
        acked = [d for d in deliveries if d["at"] is not None and d["at"] <= at]
        out.append({"id": row["id"], "text": row["text"], "priority": row["priority"], "kind": row["kind"],
                    "sent_by": row["sent_by"] or "", "sent_at": iso(row["sent_at"]),
                    "recipients": len(deliveries), "acknowledged": len(acked),
                    "acknowledgements": [{"by": d["by"], "at": iso(d["at"])} for d in acked]})
    return out


def _task_filter(user):
    """tasks.access.tasks_visible_to over the record's rows: overseers see every task, others
    those assigned to them or to one of their departments, external agencies none."""
    from geo_api.plans.models import Department
    from geo_api.tasks.access import oversees, sees_no_tasks

    if not (user and user.is_authenticated and user.is_active) or sees_no_tasks(user):
        return lambda task: False
    if oversees(user):
        return lambda task: True
    departments = set(Department.members.through.objects.filter(user_id=user.pk).values_list("department_id", flat=True))
    return lambda task: task["assignee_id"] == user.pk or (task["assignee_id"] is None
                                                            and task["department_id"] in departments)


def _owner_label(task: dict) -> str:
    """tasks.models.Task.owner_label from the record's columns."""
    if task["assignee_id"]:
        return f"{task['first_name']} {task['last_name']}".strip() or task["username"]
    return task["department"]


def _tasks(record: ReplayRecord, at: datetime, entries: list[TimelineEntry], user) -> list[dict]:
    task_state: dict[int, str] = {}
    for e in entries:
        if e.subject_type == TASK_SUBJECT and e.kind == TimelineEntry.Kind.TRANSITION:
            task_state[e.subject_id] = e.to_state
    tasks, visible = [], None
    for task in record.tasks:
        if task["created_at"] > at:
            continue
        visible = visible or _task_filter(user)  # the user's departments only when a task is there
        if not visible(task):
            continue
        status = task_state.get(task["id"], "assigned")
        tasks.append({"id": task["id"], "title": task["title"], "owner": _owner_label(task), "status": status,
                      "deadline": iso(task["deadline"]), "overdue": status != "done" and task["deadline"] < at})
    return tasks


def replay_seek(event: Event, at: datetime, user) -> dict:
    """GET /api/events/{id}/replay/?at=: a closed or archived event shows the responders its case
    lists, and an archived case's record comes from the cache."""
    case = None
    if event.status in ("closed", "archived"):
        case = Case.objects.filter(event_id=event.pk).values("id", "archived_at", "responder_ids").first()
    record = replay_record(event.pk, case_id=case and case["id"], archived_at=case and case["archived_at"])
    return replay_at(event, at, user, responder_ids=case["responder_ids"] if case else None, record=record)


def replay_at(event: Event, at: datetime, user, responder_ids: list[int] | None = None,
              record: ReplayRecord | None = None) -> dict:
    """Everything as it was at `at`. `responder_ids`: who is shown (the case's list for a closed
    event, computed otherwise); positions only for users who may read responders' positions."""
    record = record or replay_record(event.pk)
    all_entries = record.entries
    entries = [e for e in all_entries if e.at <= at]
    later = [e for e in all_entries if e.at > at]
    state = None
    for e in entries:
        if e.subject_type == EVENT_SUBJECT and e.kind == TimelineEntry.Kind.TRANSITION:
            state = e.to_state
    if state is None:
        state = "reported" if at >= event.reported_at else None
    # The severity at `at`: the "from" of the first change after it, else today's.
    first_later = [e for e in later if e.subject_type == EVENT_SUBJECT and (e.payload or {}).get("field") == "severity"]
    severity = first_later[0].payload.get("from", event.severity) if first_later else event.severity

    reports = [{"id": r["id"], "kind": r["kind"], "text": r["text"], "at": iso(r["received_at"]),
                "lon": r["lon"], "lat": r["lat"]}
               for r in record.reports if r["received_at"] <= at]
    shelters = [{"id": o["shelter_id"], "name": o["name"], "opened_at": iso(o["opened_at"]), "capacity": o["capacity"]}
                for o in record.shelters if o["opened_at"] <= at and (o["closed_at"] is None or o["closed_at"] > at)]

    may_see_positions = can_read(user, load_catalog().get("personnel_positions"))
    if responder_ids is None:
        responder_ids = positions.involved_responder_ids(event)
    found = positions.positions_at(responder_ids, at) if may_see_positions else []
    return {
        "event": event.pk, "at": iso(at), "state": state, "severity": severity,
        "positions": [_position_json(p) for p in found], "positions_hidden": not may_see_positions,
        "tasks": _tasks(record, at, entries, user), "instructions": _instructions(record, at), "reports": reports,
        "shelters": shelters, "timeline": [entry_json(e) for e in reversed(entries[-50:])],
        "entries_so_far": len(entries),
    }


def _position_json(p: dict) -> dict:
    return {"responder": p.get("responder") or p.get("responder_id") or p.get("id"), "name": p.get("name", ""),
            "lon": p["lon"], "lat": p["lat"], "recorded_at": iso(p["recorded_at"]) if isinstance(
                p.get("recorded_at"), datetime) else p.get("recorded_at")}
