"""Whether a responder may share a position now, and the event they are working on.

Sharing is allowed while the responder is on duty (Responder.on_duty, set by the duty desk or the
admin) or assigned: an open plan task addressed to their account, or a check-in on an event that is
still open. Off duty and unassigned, a phone's samples are refused (reason `not_sharing`): a
person's whereabouts are not collected outside work.

The current event is the open event of the latest check-in; samples and the latest position carry
it, so a drill event's positions stay apart from real ones (layers/catalog.py personnel_positions)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from geo_api.common import prepared
from geo_api.incidents.models import OPEN_STATUSES

OPEN_TASK_STATUSES = ("assigned", "accepted", "in_progress")


@dataclass
class Context:
    responder_id: int
    user_id: int | None
    may_share: bool
    event_id: int | None
    latest_at: datetime | None
    latest_lon: float | None
    latest_lat: float | None


def contexts(responder_ids: list[int]) -> dict[int, Context]:
    """Everything ingest needs about these responders, in one query."""
    if not responder_ids:
        return {}
    # Driven by the batch's ids through the indexes, row by row: with `r.id = ANY(...)` and an
    # EXISTS the planner scanned the responders, their positions and every open task per batch
    # (a fixed ~1 ms of PostgreSQL per batch at 1,000 responders, more with more of them).
    rows = prepared.execute(
        "SELECT r.id, r.user_id, r.on_duty, task.yes IS NOT NULL, ci.event_id, p.recorded_at, ST_X(p.geom), ST_Y(p.geom) "
        "FROM unnest(%s::bigint[]) AS q(id) JOIN onemap_responder r ON r.id = q.id "
        "LEFT JOIN onemap_responderposition p ON p.responder_id = r.id "
        "LEFT JOIN LATERAL (SELECT true AS yes FROM tasks_task t "
        "  WHERE t.assignee_id = r.user_id AND t.status = ANY(%s::text[]) LIMIT 1) task ON true "
        "LEFT JOIN LATERAL (SELECT c.event_id FROM onemap_checkin c JOIN onemap_event e ON e.id = c.event_id "
        "  WHERE c.responder_id = r.id AND e.status = ANY(%s::text[]) ORDER BY c.at DESC LIMIT 1) ci ON true",
        [prepared.int_array(responder_ids), prepared.text_array(OPEN_TASK_STATUSES), prepared.text_array(OPEN_STATUSES)]).fetchall()
    return {rid: Context(rid, user_id, bool(on_duty or has_task or event_id), event_id, at, lon, lat)
            for rid, user_id, on_duty, has_task, event_id, at, lon, lat in rows}
