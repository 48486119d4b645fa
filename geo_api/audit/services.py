"""Writes to the audit log that the trigger does not make itself."""
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from .models import AuditEntry


@contextmanager
def bulk_load(route: str):
    """A bulk load (the demo data, a million rows) is recorded as one entry with its counts
    instead of one per row. Must run inside the load's transaction: the suppression is SET LOCAL,
    so it ends with that transaction whatever happens."""
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load must run inside the load's transaction")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL onemap.audit = 'bulk-load'")
    counts = {}
    yield counts.update
    # Inside an outer transaction (a test, a caller's atomic block) SET LOCAL would outlive the
    # load: switch the trigger back on once it is done. If the load fails, the rollback (to the
    # savepoint, or of the whole transaction) undoes the SET LOCAL by itself.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL onemap.audit = ''")
    AuditEntry.objects.create(table_name="*", row_pk="*", action="load", changes={"rows": counts},
                              actor="system:bulk-load", route=route, at=timezone.now())
