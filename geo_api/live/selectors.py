"""Which changes a user may see: the same decision as every read (layers/access.can_read plus
LayerQuery's row filter over the layer's view), one code path for the socket and the poll.

- A created or updated row is sent if it is in the user's rows now (`visible_ids`).
- A deleted row, or one that an update moved out of the user's rows (severity raised, turned into
  a drill), is sent as `deleted` if the row as it was before the change was in the user's rows:
  that state is rebuilt from the audit log's old values and put through the same view SQL and
  row filter. So a viewer learns an id only if it could read that row, now or just before.
- A window with too many writes to one table becomes one `reload` of the layer (no ids)."""
from __future__ import annotations

import orjson
from django.apps import apps
from psycopg import sql

from geo_api.audit.models import AuditEntry
from layers.access import can_read, readable_layers
from layers.database_views import view_sql
from layers.query import LayerQuery, run
from layers.registry import Layer

from .changes import ACTIONS, Change, coalesce, entity_topics, layers_on, parse_id
from .records import record_tables, visible_records

MAX_IDS_PER_TABLE = 1000
POLL_LIMIT = 500


def message(change: Change | None, layer: Layer, action: str) -> dict:
    if change is None:
        return {"seq": None, "layer": layer.id, "id": None, "action": action}
    return {"seq": change.seq, "layer": layer.id, "id": change.id, "action": action}


def visible_changes(user, changes: list[Change], reload_tables=(), *, memo: dict | None = None,
                    records: bool = True) -> list[dict]:
    """The messages for `user`, each with the `topics` it belongs to (the caller strips them).
    `memo` shares per-table lookups (topics, audit history) between users of one window.
    `records=False`: layer messages only (the hub decides records per user, records.py)."""
    memo = {} if memo is None else memo
    extra = visible_records(user, changes, memo=memo) if records else []
    by_table: dict[str, list[Change]] = {}
    for change in changes:
        by_table.setdefault(change.table, []).append(change)
    reloads = set(reload_tables)
    out = []
    for table, group in by_table.items():
        if not layers_on(table):
            continue  # a record table (records.py) or one no layer shows
        if len(group) > MAX_IDS_PER_TABLE:
            reloads.add(table)
            continue
        if ("topics", table) not in memo:
            memo[("topics", table)] = entity_topics(table, [c.id for c in group if c.action != "delete"])
        topics = memo[("topics", table)]
        for layer in layers_on(table):
            if not can_read(user, layer):
                continue
            query = LayerQuery.of(layer, user)
            now = query.visible_ids(c.id for c in group if c.action != "delete")
            gone = [c for c in group if c.id not in now and not c.created_in_window and c.action != "insert"]
            before = _visible_before(layer, query, gone, memo) if gone else set()
            for change in group:
                if change.id in now:
                    action = ACTIONS[change.action]
                elif change.id in before:
                    action = "deleted"  # gone from this user's rows
                else:
                    continue
                out.append({**message(change, layer, action),
                            "topics": {f"layer.{layer.id}", *topics.get(change.id, ())}})
    for table in sorted(reloads):
        for layer in layers_on(table):
            if can_read(user, layer):
                out.append({**message(None, layer, "reload"), "topics": {f"layer.{layer.id}"}})
    return sorted(out + extra, key=lambda m: m["seq"] or 0) if extra else out


def _visible_before(layer: Layer, query: LayerQuery, changes: list[Change], memo: dict) -> set[int]:
    """Ids whose state before the window passes the layer's view and the user's row filter."""
    key = ("before", layer.model_class._meta.db_table, tuple((c.id, c.first_seq, c.seq) for c in changes))
    if key not in memo:
        memo[key] = _states_before(layer.model_class._meta.db_table, changes)
    states = memo[key]
    if not states:
        return set()
    model = layer.model_class
    # Each row as it was: the current row (NULL once deleted) overlaid with the old values the
    # window's audit entries recorded (the earliest wins); a delete records every column.
    source = sql.SQL(
        "(SELECT (jsonb_populate_record(cur, x.old)).* FROM jsonb_to_recordset(%s::jsonb) AS x(id bigint, old jsonb) "
        "LEFT JOIN {table} cur ON cur.{pk} = x.id)").format(
        table=sql.Identifier(model._meta.db_table), pk=sql.Identifier(model._meta.pk.column))
    statement = sql.SQL("SELECT id FROM ({}) v {}").format(view_sql(layer, source), query.where_sql())
    rows = run(statement, [orjson.dumps(states).decode(), *query.params])
    return {row[0] for row in rows}


def _states_before(table: str, changes: list[Change]) -> list[dict]:
    windows = {str(c.id): (c.first_seq, c.seq) for c in changes}
    entries = AuditEntry.objects.filter(
        table_name=table, row_pk__in=list(windows), id__gte=min(w[0] for w in windows.values()),
        id__lte=max(w[1] for w in windows.values())).order_by("-id").values_list("row_pk", "action", "changes", "id")
    old: dict[str, dict] = {}
    created = set()
    for row_pk, action, values, seq in entries:
        first, last = windows[row_pk]
        if not first <= seq <= last:
            continue
        if action == "insert":
            created.add(row_pk)
        old.setdefault(row_pk, {}).update({k: v["old"] for k, v in values.items() if "old" in v})
    return [{"id": int(pk), "old": values} for pk, values in old.items() if pk not in created]


# -- the poll fallback ------------------------------------------------------------------------------
def last_seq() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def changes_after(user, after: int, limit: int = POLL_LIMIT) -> dict:
    """The poll: writes after `after` to tables this user may read, through the same decision as
    the socket. `last_seq` is where the next poll starts (the last entry read when there were more)."""
    ceiling = last_seq()
    tables = {layer.model_class._meta.db_table for layer in readable_layers(user)}
    if user and user.is_authenticated:
        tables |= record_tables()  # each record's own visible_ids decides below
    entries = list(AuditEntry.objects.filter(id__gt=after, id__lte=ceiling, table_name__in=[*tables, "*"])
                   .order_by("id").values_list("id", "table_name", "row_pk", "action", "changes")[:limit])
    reloads, changes = set(), []
    for seq, table, row_pk, action, values in entries:
        if table == "*":
            reloads |= loaded_tables(values) & tables
        elif action in ACTIONS and (row_id := parse_id(row_pk)) is not None:
            changes.append(Change(table, row_id, action, seq, seq))
    messages = visible_changes(user, coalesce(changes), reloads)
    for m in messages:
        m.pop("topics")
    return {"changes": messages, "last_seq": entries[-1][0] if len(entries) == limit else ceiling}


def loaded_tables(values) -> set[str]:
    """Tables of a bulk-load entry (audit.services.bulk_load records rows per model label)."""
    out = set()
    for label in (values or {}).get("rows", {}):
        try:
            out.add(apps.get_model(label)._meta.db_table)
        except (LookupError, ValueError):
            continue
    return out
