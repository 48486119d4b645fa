"""Archived events are read-only (issue 10 item 5): once an event is archived its case is the
record, so nothing about the event may change any more — not the event row, its case, its
reports and files, its plan tasks nor its instructions and their acknowledgements.

The rule lives in the database (migration cases 0003), so no route can forget it: triggers refuse
every write whatever the route (a generic layer edit, OGC Part 4, the admin, a bulk update(), raw
SQL) with SQLSTATE OMA01. `refusal_as_conflict`, installed on every database
connection, turns that refusal into the same Conflict, so the DRF handler, the OGC pages and the
desks answer 409 with the message in the reader's language, never a 500. Scheduled jobs leave
archived events out of their queries (tasks.services.tasks_mark_overdue,
command.services escalation) so they never meet the refusal."""
from __future__ import annotations

from django.db import DatabaseError
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict

# The SQLSTATE the triggers raise (migration 0003); its DETAIL is the event's code.
REFUSED = "OMA01"


def archived_conflict(code: str) -> Conflict:
    return Conflict(_("Event %(code)s is archived: its case is read-only and nothing about the event can be "
                      "added or changed. Reopening is not possible; record new information as a new event.")
                    % {"code": code})


def refusal_as_conflict(execute, sql, params, many, context):
    """A database execute wrapper: the archived-event triggers' refusal becomes Conflict (409)."""
    try:
        return execute(sql, params, many, context)
    except DatabaseError as exc:
        cause = exc.__cause__
        if getattr(cause, "sqlstate", None) != REFUSED:
            raise
        raise archived_conflict(getattr(cause.diag, "message_detail", None) or "") from exc


def install(connection, **kwargs) -> None:
    """connection_created: wrap each new connection once (a reconnect reuses the wrapper object)."""
    if refusal_as_conflict not in connection.execute_wrappers:
        connection.execute_wrappers.append(refusal_as_conflict)
