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

from django.db import connection

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


def int_array(ids) -> str:
    """A bigint[] literal: psycopg adapts a list element by element in Python, which for a
    batch's hundreds of ids was most of this query's cost in the server (py-spy)."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def contexts(responder_ids: list[int]) -> dict[int, Context]:
    """Everything ingest needs about these responders, in one query."""
    if not responder_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.user_id, r.on_duty, "
            "  EXISTS (SELECT 1 FROM tasks_task t WHERE t.assignee_id = r.user_id AND t.status = ANY(%s)), "
            "  ci.event_id, p.recorded_at, ST_X(p.geom), ST_Y(p.geom) "
            "FROM onemap_responder r "
            "LEFT JOIN onemap_responderposition p ON p.responder_id = r.id "
            "LEFT JOIN LATERAL (SELECT c.event_id FROM onemap_checkin c JOIN onemap_event e ON e.id = c.event_id "
            "  WHERE c.responder_id = r.id AND e.status = ANY(%s) ORDER BY c.at DESC LIMIT 1) ci ON true "
            "WHERE r.id = ANY(%s::bigint[])",
            [list(OPEN_TASK_STATUSES), [str(s) for s in OPEN_STATUSES], int_array(responder_ids)])
        rows = cursor.fetchall()
    return {rid: Context(rid, user_id, bool(on_duty or has_task or event_id), event_id, at, lon, lat)
            for rid, user_id, on_duty, has_task, event_id, at, lon, lat in rows}
