"""Writing generated tables to PostgreSQL: COPY through psycopg 3, deletes in dependency order,
sequence resets. The caller owns the transaction."""
from contextlib import contextmanager
from datetime import datetime
from graphlib import TopologicalSorter

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import NotSupportedError, connection, transaction
from django.db.models import NOT_PROVIDED
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

from .base import Table

# Tables at least this long load with their foreign keys checked once at the end.
BULK = 100_000


def onemap_models():
    """Every table of the domain apps, referenced tables before the tables referencing them."""
    models = [m for app in settings.DOMAIN_APPS
              for m in apps.get_app_config(app).get_models(include_auto_created=True)
              if m._meta.managed and not m._meta.proxy]
    graph = {m: {f.related_model for f in m._meta.concrete_fields
                 if f.is_relation and f.related_model in models and f.related_model is not m}
             for m in models}
    return list(TopologicalSorter(graph).static_order())


def delete_all(cursor) -> None:
    """Empty every onemap table. TRUNCATE when nothing outside the app points at them: it leaves
    no dead rows behind, which would otherwise slow a million-row reload about twofold (each new
    unique code meets its deleted twin). When another app's foreign key refers to these tables
    TRUNCATE refuses, and DELETE, children first, runs instead: it fails, and the whole load
    rolls back, only if such rows exist, rather than emptying them too as CASCADE would."""
    # A model whose migration has not run yet has no table, and so no rows to delete.
    existing = set(connection.introspection.table_names(cursor))
    tables = [model._meta.db_table for model in reversed(onemap_models()) if model._meta.db_table in existing]
    try:
        with transaction.atomic():
            cursor.execute(sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(map(sql.Identifier, tables))))
    except NotSupportedError:
        for table in tables:
            cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))


def _fill(table: Table, reference: datetime) -> tuple[list, list]:
    """The fields the table leaves out and the constant each gets: Python defaults are not in
    the database, so COPY has to send them; auto_now columns get the reference instant."""
    given = set(table.columns)
    names, values = [], []
    for field in table.model._meta.concrete_fields:
        if field.attname in given or getattr(field, "generated", False):  # generated: computed by PostgreSQL
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = reference
        elif field.has_default():
            value = field.get_db_prep_save(field.get_default(), connection)
        elif field.null or field.db_default is not NOT_PROVIDED:
            continue
        elif field.blank and field.empty_strings_allowed:
            value = ""  # an optional text field: Django saves "" for it, so does the loader
        else:
            raise ValueError(f"{table.model._meta.label}.{field.name} is required and the generator does not fill it")
        names.append(field.column)
        values.append(value)
    return names, values


def copy(cursor, table: Table, reference: datetime) -> int:
    meta = table.model._meta
    columns = [meta.get_field(name).column for name in table.columns]
    extra_columns, extra = _fill(table, reference)
    extra = tuple(extra)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns + extra_columns)))
    written = 0
    with _checked_later(cursor, meta.db_table, table.count >= BULK):
        # The queued writer sends from a thread while this one keeps formatting rows.
        with cursor.copy(statement, writer=QueuedLibpqWriter(cursor.cursor)) as pipe:
            for row in table:
                pipe.write_row(row + extra)
                written += 1
    return written


@contextmanager
def _checked_later(cursor, db_table: str, bulk: bool):
    """For a bulk table, drop its foreign keys during COPY and add them back after: adding a
    key checks every row in one join, where a live key runs a lookup per row (a dozen seconds
    for a million cameras). Same names and definitions, same transaction, so nothing else ever
    sees the table without them."""
    keys = []
    if bulk:
        cursor.execute("SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                       "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                       "WHERE c.contype = 'f' AND t.relname = %s AND n.nspname = current_schema() "
                       "ORDER BY c.conname", [db_table])
        keys = cursor.fetchall()
    alter = sql.SQL("ALTER TABLE {} ").format(sql.Identifier(db_table))
    for name, _ in keys:
        cursor.execute(alter + sql.SQL("DROP CONSTRAINT {}").format(sql.Identifier(name)))
    yield
    for name, definition in keys:
        cursor.execute(alter + sql.SQL("ADD CONSTRAINT {} ").format(sql.Identifier(name)) + sql.SQL(definition))


def reset_sequences(cursor, models) -> None:
    """Ids came from the generator; point each identity sequence past them so rows created
    later through the app do not collide."""
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(statement)


def analyze(cursor, models) -> None:
    for model in models:
        cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))
