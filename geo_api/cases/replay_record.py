"""What a replay seek reads of an event, in one SQL statement: its timeline, plan tasks, reports,
shelter openings and instructions with their deliveries, each a json_agg in the order the
replay shows it. A seek used to make one ORM read per kind (and two more for the instructions'
deliveries and recipients); on a busy machine each round trip waits for a core, and the seek's
tail was those waits (bench/README.md, "Replay seek").

An archived case never changes (the database refuses it, migration cases 0003), so its record is
cached by case id and archiving instant: a seek of an archived case reads no table but the case
row and the positions. A closed event can still be reopened, so its record is read each time.
The cache is Redis: when it fails the record is read from the database (degraded.redis_safely)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import connection

from geo_api.common.degraded import redis_safely

CACHE_SECONDS = 24 * 3600
ENTRY_FIELDS = ("id", "subject_type", "subject_id", "event_id", "kind", "actor_id", "actor_label", "at", "reason",
                "transition", "from_state", "to_state", "payload")
# Every list is ordered as the replay shows it: the timeline by (at, id), tasks by (deadline, id),
# reports by (received_at, id), shelter openings newest first (their model's order), instructions
# by (sent_at, id) with deliveries by id.
RECORD_SQL = """
SELECT
 (SELECT COALESCE(json_agg(json_build_object({entry}) ORDER BY t.at, t.id), '[]'::json)
    FROM timeline_timelineentry t WHERE t.event_id = %(event)s),
 (SELECT COALESCE(json_agg(json_build_object(
      'id', k.id, 'title', k.title, 'assignee_id', k.assignee_id, 'department_id', k.department_id,
      'first_name', u.first_name, 'last_name', u.last_name, 'username', u.username, 'department', d.name,
      'deadline', k.deadline, 'created_at', k.created_at) ORDER BY k.deadline, k.id), '[]'::json)
    FROM tasks_task k LEFT JOIN auth_user u ON u.id = k.assignee_id
    LEFT JOIN plans_department d ON d.id = k.department_id WHERE k.event_id = %(event)s),
 (SELECT COALESCE(json_agg(json_build_object(
      'id', r.id, 'kind', r.kind, 'text', r.text, 'received_at', r.received_at,
      'lon', ST_X(r.geom), 'lat', ST_Y(r.geom)) ORDER BY r.received_at, r.id), '[]'::json)
    FROM onemap_event_report r WHERE r.event_id = %(event)s),
 (SELECT COALESCE(json_agg(json_build_object(
      'shelter_id', o.shelter_id, 'name', s.name, 'opened_at', o.opened_at, 'closed_at', o.closed_at,
      'capacity', o.capacity) ORDER BY o.opened_at DESC, o.id DESC), '[]'::json)
    FROM onemap_shelter_opening o JOIN onemap_shelter s ON s.id = o.shelter_id WHERE o.event_id = %(event)s),
 (SELECT COALESCE(json_agg(json_build_object(
      'id', i.id, 'text', i.text, 'priority', i.priority, 'kind', i.kind, 'sent_by', su.username,
      'sent_at', i.sent_at, 'deliveries', (
        SELECT COALESCE(json_agg(json_build_object('by', du.username, 'at', dv.acknowledged_at) ORDER BY dv.id),
                        '[]'::json)
          FROM onemap_instruction_delivery dv JOIN auth_user du ON du.id = dv.user_id
          WHERE dv.instruction_id = i.id)) ORDER BY i.sent_at, i.id), '[]'::json)
    FROM onemap_instruction i LEFT JOIN auth_user su ON su.id = i.sent_by_id WHERE i.event_id = %(event)s)
""".replace("{entry}", ", ".join(f"'{name}', t.{name}" for name in ENTRY_FIELDS))


class Entry:
    """A timeline entry as the replay reads it: TimelineEntry's fields without a model instance
    (building 300 model instances was a third of a seek). timeline.selectors.entry_json and the
    replay's labels read these attributes alone."""

    __slots__ = ENTRY_FIELDS

    def __init__(self, row: dict):
        for name in ENTRY_FIELDS:
            setattr(self, name, row[name])
        self.at = _time(self.at)

    def __getstate__(self):  # pickled into the cache
        return [getattr(self, name) for name in ENTRY_FIELDS]

    def __setstate__(self, state):
        for name, value in zip(ENTRY_FIELDS, state, strict=True):
            setattr(self, name, value)


@dataclass(frozen=True)
class ReplayRecord:
    entries: list[Entry]
    tasks: list[dict]
    reports: list[dict]
    shelters: list[dict]
    instructions: list[dict]


def _time(value: str | None) -> datetime | None:
    # json writes a timestamptz as ISO 8601 with its offset; fromisoformat reads it back exactly.
    return datetime.fromisoformat(value) if value else None


def _list(value) -> list:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _times(rows: list[dict], *names: str) -> list[dict]:
    for row in rows:
        for name in names:
            row[name] = _time(row[name])
    return rows


def _read(event_id: int) -> ReplayRecord:
    with connection.cursor() as cursor:
        cursor.execute(RECORD_SQL, {"event": event_id})
        entries, tasks, reports, shelters, instructions = map(_list, cursor.fetchone())
    for item in instructions:
        item["sent_at"] = _time(item["sent_at"])
        _times(item["deliveries"], "at")
    return ReplayRecord(
        entries=[Entry(row) for row in entries],
        tasks=_times(tasks, "deadline", "created_at"), reports=_times(reports, "received_at"),
        shelters=_times(shelters, "opened_at", "closed_at"), instructions=instructions)


def replay_record(event_id: int, *, case_id: int | None = None, archived_at: datetime | None = None) -> ReplayRecord:
    """The event's record; from the cache when its case is archived (case id + archiving instant)."""
    if case_id is None or archived_at is None:
        return _read(event_id)
    key = f"cases:replay-record:{case_id}:{archived_at.timestamp():.6f}"
    found = redis_safely(lambda: cache.get(key), None, "replay record cache read")
    if found is None:
        found = _read(event_id)
        redis_safely(lambda: cache.set(key, found, CACHE_SECONDS), None, "replay record cache write")
    return found
