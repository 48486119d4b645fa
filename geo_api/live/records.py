"""Live records: rows that are not map layers (an instruction, its acknowledgement, a field report,
a plan task, a check-in) carried on the same live channel as layer changes.

An owning app registers its table once (in its AppConfig.ready):

    register_record("onemap_instruction", "instruction", visible_ids, user_topics=resolver)

- `visible_ids(user, ids) -> set[int]` is the row decision: the ids among `ids` this user may read
  now. It is the owner's access code, the same one its read API asks; nothing else decides.
- Topics: a table with a foreign key named `event` is published on `event.N` (changes.py does that
  for every such table); `user_topics(ids) -> {id: [user ids]}` adds `user.N` topics, so a row
  addressed to a person reaches their sockets without any subscription.

Messages: `{"seq", "record": "<name>", "id", "action", "event": N or null}`. Clients refetch what they
show. Records are decided per user, not per principal (unlike layers): whether an instruction is
yours depends on who you are, not only on your roles.

A deleted record is not announced: we cannot ask `visible_ids` about a row that is gone, and
telling everyone its id would leak it. Records are appended and updated, not deleted, in practice."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .changes import ACTIONS, Change, entity_topics, register_topics

VisibleIds = Callable[[object, list[int]], set[int]]
UserTopics = Callable[[list[int]], dict[int, list[int]]]


@dataclass(frozen=True)
class Record:
    table: str
    name: str
    visible_ids: VisibleIds


_records: dict[str, Record] = {}


def register_record(table: str, name: str, visible_ids: VisibleIds, *, user_topics: UserTopics | None = None) -> None:
    """Publish changes of `table` as `record` messages named `name` (idempotent per table: a
    second registration replaces the first, as Django may call ready() twice in tests)."""
    first = table not in _records
    _records[table] = Record(table, name, visible_ids)
    if user_topics is not None and first:
        register_topics(table, _as_user_topics(user_topics))


def _as_user_topics(resolver: UserTopics):
    def resolve(ids):
        return {row_id: [f"user.{u}" for u in users] for row_id, users in resolver(ids).items()}
    return resolve


def record_tables() -> set[str]:
    return set(_records)


def record_for(table: str) -> Record | None:
    return _records.get(table)


def _event_of(topics) -> int | None:
    for topic in topics:
        if topic.startswith("event."):
            return int(topic.partition(".")[2])
    return None


def visible_records(user, changes: list[Change], *, memo: dict | None = None) -> list[dict]:
    """The record messages for `user`, each with the `topics` it belongs to (callers strip them)."""
    memo = {} if memo is None else memo
    by_table: dict[str, list[Change]] = {}
    for change in changes:
        if change.table in _records and change.action != "delete":
            by_table.setdefault(change.table, []).append(change)
    out = []
    for table, group in by_table.items():
        record = _records[table]
        ids = [c.id for c in group]
        if ("topics", table) not in memo:
            memo[("topics", table)] = entity_topics(table, ids)
        topics = memo[("topics", table)]
        if not user or not getattr(user, "is_authenticated", False):
            continue  # records are never public
        visible = record.visible_ids(user, ids)
        for change in group:
            if change.id not in visible:
                continue
            row_topics = set(topics.get(change.id, ()))
            out.append({"seq": change.seq, "record": record.name, "id": change.id, "action": ACTIONS[change.action],
                        "event": _event_of(row_topics), "topics": row_topics})
    return out
