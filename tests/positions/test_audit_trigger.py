"""The latest-position table's own audit trigger (responders migration 0006) writes exactly the
entry the generic one (audit/triggers.py) writes, for an insert, an update and a delete; a column
added to the table but not to the function fails here."""
import pytest
from django.db import connection

from geo_api.audit.models import AuditEntry
from geo_api.responders.models import Responder
from tests import factories

pytestmark = pytest.mark.django_db

TABLE = "onemap_responderposition"


def trigger_function() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgfoid::regproc::text FROM pg_trigger WHERE tgrelid = %s::regclass "
                       "AND tgname = 'onemap_audit'", [TABLE])
        return cursor.fetchone()[0]


def use(function: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE OR REPLACE TRIGGER onemap_audit AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
                       "FOR EACH ROW WHEN (current_setting('onemap.audit', true) IS DISTINCT FROM 'bulk-load') "
                       f"EXECUTE FUNCTION {function}()")


def life_of_a_row(name: str, event_id: int) -> list[tuple]:
    """Insert, move, a write that changes nothing, assign to an event, delete: the entries."""
    responder = Responder.objects.create(name=name, organization="长宁区应急管理局", on_duty=True)
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('onemap.actor', 'user:7:phone', true), "
                       "set_config('onemap.route', 'POST /api/positions/', true)")
        cursor.execute(f"INSERT INTO {TABLE} (responder_id, recorded_at, geom, accuracy_m) VALUES "
                       "(%s, '2026-11-30T05:00:00Z', ST_SetSRID(ST_MakePoint(121.4, 31.2), 4326), 8) RETURNING id",
                       [responder.pk])
        row = cursor.fetchone()[0]
        cursor.execute(f"UPDATE {TABLE} SET recorded_at = recorded_at + interval '1.5 s', accuracy_m = 5.25, "
                       "heading = 90, geom = ST_SetSRID(ST_MakePoint(121.400123456789, 31.2), 4326) WHERE id = %s", [row])
        cursor.execute(f"UPDATE {TABLE} SET accuracy_m = accuracy_m WHERE id = %s", [row])
        cursor.execute(f"UPDATE {TABLE} SET event_id = %s, speed_mps = 1.5 WHERE id = %s", [event_id, row])
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [row])
    entries = AuditEntry.objects.filter(table_name=TABLE, id__gt=start).order_by("id")
    own_ids = {"id": row, "responder_id": responder.pk}

    def neutral(changes):  # the two rows' own ids aside, everything must match
        return {column: {k: ("OWN" if v == own_ids.get(column) else v) for k, v in values.items()}
                for column, values in changes.items()}

    return [(e.row_pk == str(row), e.action, neutral(e.changes), e.actor, e.route) for e in entries]


def test_the_position_trigger_writes_what_the_generic_one_writes():
    assert trigger_function() == "onemap_audit_position"  # attach() honoured the model's choice
    event_id = factories.event(1).pk
    own = life_of_a_row("甲", event_id)
    use("onemap_audit")
    generic = life_of_a_row("乙", event_id)
    assert [action for _, action, *_ in own] == ["insert", "update", "update", "delete"]
    assert own == generic
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [TABLE])
        assert set(own[0][2]) == {name for (name,) in cursor.fetchall()}
