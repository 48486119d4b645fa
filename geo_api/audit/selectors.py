from .models import AuditEntry


def record_history(*, table: str, pk) -> list[dict]:
    return [
        {"id": e.id, "action": e.action, "at": e.at, "actor": e.actor, "route": e.route, "changes": e.changes}
        for e in AuditEntry.objects.filter(table_name=table, row_pk=str(pk)).order_by("id")
    ]
