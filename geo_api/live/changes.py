"""A change as the audit trigger announces it, and the topics it is published on.

Topics: `layer.<layer id>` for each registry layer over the changed table, `event.<id>` for the
rows of an event (the event itself, and rows of tables with an `event` foreign key), `user.<id>`
for rows addressed to one user (a table registers a resolver with `register_topics`). Topics only
say who might be interested; whether a connection may see the row is decided in selectors.py."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from psycopg import sql

from layers.registry import Layer, load_catalog

ACTIONS = {"insert": "created", "update": "updated", "delete": "deleted"}


@dataclass(frozen=True)
class Change:
    """The latest write to one row in a window; `first_seq` is the window's first write to it, so
    the row's state before the window can be rebuilt from the audit log."""

    table: str
    id: int
    action: str  # insert / update / delete (audit vocabulary)
    seq: int
    first_seq: int
    created_in_window: bool = False

    def merged(self, newer: Change) -> Change:
        return Change(self.table, self.id, newer.action, newer.seq, self.first_seq,
                      self.created_in_window or self.action == "insert")


def parse_id(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None  # every layer table has an integer key; other rows are not on the map


def layers_on(table: str) -> list[Layer]:
    return [layer for layer in load_catalog().all() if layer.model_class._meta.db_table == table]


def coalesce(changes) -> list[Change]:
    """The latest state per row, in order of the latest write."""
    latest: dict[tuple[str, int], Change] = {}
    for change in changes:
        key = (change.table, change.id)
        latest[key] = latest[key].merged(change) if key in latest else change
    return sorted(latest.values(), key=lambda c: c.seq)


# -- topics ---------------------------------------------------------------------------------------
Resolver = Callable[[list[int]], dict[int, list[str]]]
_resolvers: dict[str, list[Resolver]] = {}


def register_topics(table: str, resolver: Resolver) -> None:
    """`resolver(ids) -> {id: [topics]}` adds entity topics (event.N, user.N) to a table's changes."""
    _resolvers.setdefault(table, []).append(resolver)


def _event_rows(ids):
    return {i: [f"event.{i}"] for i in ids}


def _linked_to_event(table, column):
    def resolve(ids):
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("SELECT id, {} FROM {} WHERE id = ANY(%s) AND {} IS NOT NULL").format(
                sql.Identifier(column), sql.Identifier(table), sql.Identifier(column)), [list(ids)])
            return {row_id: [f"event.{event_id}"] for row_id, event_id in cursor.fetchall()}
    return resolve


_defaults_lock = threading.Lock()
_defaults_done = False


def _default_resolvers() -> None:
    """Events are their own topic; any model with a foreign key named `event` to an event is
    published on that event's topic too. Registered once per process (the hub decides in threads,
    hence the lock): registered again on every call, each window ran one more query per table
    than the one before, without end."""
    global _defaults_done
    with _defaults_lock:
        if _defaults_done:
            return
        _register_defaults()
        _defaults_done = True


def _register_defaults() -> None:
    event_model = apps.get_model("incidents", "Event")
    register_topics(event_model._meta.db_table, _event_rows)
    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "event" and f.is_relation
                      and f.related_model is event_model), None)
        if field is not None and model._meta.managed:
            register_topics(model._meta.db_table, _linked_to_event(model._meta.db_table, field.column))


def entity_topics(table: str, ids: list[int]) -> dict[int, set[str]]:
    _default_resolvers()
    out: dict[int, set[str]] = {}
    for resolver in _resolvers.get(table, ()):
        for row_id, topics in resolver(ids).items():
            out.setdefault(row_id, set()).update(topics)
    return out
