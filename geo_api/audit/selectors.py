"""Reads of the audit log. A feature's history answers to the same decision as reading the
feature (layers.access + LayerQuery), and shows each caller only what that caller may know:

- the row must be one of the caller's rows now (the layer's `where`, e.g. no drill events, and
  the caller's row filter); a deleted row's history is for writers of the layer only, and only
  if the row as it was just before its deletion was one of their rows;
- readers who are not writers of the layer see the changes of published properties and the
  geometry only (an unpublished column such as a reporter's phone number stays out); an update
  that touched nothing published is left out entirely;
- who made a change (`actor`) is shown to administrators only (role `administrator` or superuser);
  everyone else sees null."""
from __future__ import annotations

import re

import orjson
from psycopg import sql

from geo_api.accounts.roles import Role, roles_of
from layers.access import can_write
from layers.database_views import view_sql
from layers.query import LayerQuery, run
from layers.registry import Layer

from .models import AuditEntry

_PLAIN_COLUMN = re.compile(r'^t\."([^"]+)"$')


def record_history(*, table: str, pk) -> list[dict]:
    """Every entry for one row, oldest first, unfiltered: for callers that decided already."""
    return [
        {"id": e.id, "action": e.action, "at": e.at, "actor": e.actor, "route": e.route, "changes": e.changes}
        for e in AuditEntry.objects.filter(table_name=table, row_pk=str(pk)).order_by("id")
    ]


def published_columns(layer: Layer) -> frozenset[str]:
    """Table columns a reader of the layer sees: plain published properties, the id and the geometry."""
    columns = {layer.model_class._meta.pk.column, layer.geometry_field.column}
    for prop in layer.published:
        match = _PLAIN_COLUMN.match(prop.sql or "")
        if match:
            columns.add(match.group(1))
    return frozenset(columns)


def sees_actors(user) -> bool:
    return Role.ADMINISTRATOR in roles_of(user) or bool(getattr(user, "is_superuser", False))


def feature_history(layer: Layer, feature_id: int, user) -> list[dict] | None:
    """The history of one feature as `user` may see it, oldest first; None when the caller may
    not see this row at all (the caller answers 404, as for a row that never existed). The
    caller has checked that `user` may read the layer."""
    entries = record_history(table=layer.model_class._meta.db_table, pk=feature_id)
    rows = LayerQuery.of(layer, user)
    writer = can_write(user, layer)
    if not rows.id_is(feature_id).fetch("id"):
        # Not one of the caller's rows now: hidden, never existed, or deleted.
        deleted = (entries and entries[-1]["action"] == "delete"
                   and not layer.model_class.objects.filter(pk=feature_id).exists())
        if not (writer and deleted and _was_visible(layer, rows, feature_id, entries[-1]["changes"])):
            return None
    visible = None if writer else published_columns(layer)
    actors = sees_actors(user)
    out = []
    for entry in entries:
        changes = entry["changes"] if visible is None else {k: v for k, v in entry["changes"].items() if k in visible}
        if not changes:
            continue  # nothing this reader may see changed
        out.append({**entry, "changes": changes, "actor": entry["actor"] if actors else None})
    return out


def _was_visible(layer: Layer, rows: LayerQuery, feature_id: int, deletion: dict) -> bool:
    """Whether the row as the delete recorded it (every column's old value) passes the layer's
    view and the user's row filter: the same SQL as reads, over the recorded row."""
    old = {column: value["old"] for column, value in deletion.items() if "old" in value}
    source = sql.SQL("(SELECT (jsonb_populate_record(NULL::{table}, %s::jsonb)).*)").format(
        table=sql.Identifier(layer.model_class._meta.db_table))
    row = rows.id_is(feature_id)
    statement = sql.SQL("SELECT v.id FROM ({}) v {}").format(view_sql(layer, source), row.where_sql())
    return bool(run(statement, [orjson.dumps(old).decode(), *row.params]))
