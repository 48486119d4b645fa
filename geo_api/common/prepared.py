"""Statements run hundreds of times a second, prepared once per database connection.

Django's PostgreSQL cursors bind parameters on the client (psycopg's ClientCursor), so PostgreSQL
parses and plans every statement anew. For the phones' positions (responders/ingest.py, 1,000
phones x 1 Hz) planning the five statements of a batch cost ~2 ms of the database's CPU, as much
as writing seven samples (bench/README.md, "Live positions"). These few statements go
through a server-side binding cursor with prepare=True instead: planned once per connection of
the pool, then only executed. Django's execute wrappers (cases/guard.py) and its error wrapping
still apply, so callers see django.db errors as from any other query.

Parameters are typed by psycopg (str as unknown, int as bigint, ...): cast them in the SQL. Arrays
go as literals (int_array, text_array): psycopg adapts a list element by element in Python, which
for a batch's ids was most of a lookup's cost in the server (py-spy)."""
from __future__ import annotations

import functools

import psycopg
from django.db import connection


NEVER_BY_COUNT = 2**31 - 1


def execute(sql: str, params=()) -> psycopg.Cursor:
    """Runs `sql` prepared on the current connection (inside the caller's transaction, if any) and
    returns the cursor to fetch from."""
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's preparing off (for transaction-pooling proxies, which this
        # platform does not use: its pool is psycopg's, in process). Only an explicit
        # prepare=True prepares here; Django's own cursors bind on the client and never do.
        raw.prepare_threshold = NEVER_BY_COUNT
    cursor = psycopg.Cursor(raw)

    def run(sql, params, many, context):
        with connection.wrap_database_errors:
            cursor.execute(sql, params, prepare=True)
        return cursor

    executor = run
    for wrapper in reversed(connection.execute_wrappers):
        executor = functools.partial(wrapper, executor)
    return executor(sql, params, False, {"connection": connection, "cursor": cursor})


def int_array(ids) -> str:
    """A literal for `%s::bigint[]`."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def text_array(values) -> str:
    """A literal for `%s::text[]`; any text (cookie values included) is quoted."""
    return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"
