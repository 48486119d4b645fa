"""geo_api/common/prepared.py: the hot statements' own path to PostgreSQL keeps Django's
transactions and errors, and its array literals round-trip any text."""
import pytest
from django.db import DatabaseError, connection, transaction

from geo_api.common import prepared

pytestmark = pytest.mark.django_db


def test_array_literals_round_trip_any_text_and_ids():
    texts = ['plain', 'a"quote', 'back\\slash', 'comma,brace{}', 'NULL', '', '中文 ', "'; DROP TABLE x; --"]
    row = prepared.execute("SELECT %s::text[], %s::bigint[]",
                           [prepared.text_array(texts), prepared.int_array([3, 1, 2])]).fetchone()
    assert row == (texts, [3, 1, 2])


def test_a_prepared_statement_runs_again_with_other_values():
    assert [prepared.execute("SELECT %s::bigint + 1", [n]).fetchone()[0] for n in range(8)] == list(range(1, 9))


def test_errors_are_djangos_and_the_transaction_is_the_callers():
    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.execute("SELECT 1 / %s::int", [0])
    assert prepared.execute("SELECT 1 / %s::int", [1]).fetchone()[0] == 1  # and the connection goes on
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE prepared_probe (n int)")
    with pytest.raises(RuntimeError), transaction.atomic():
        prepared.execute("INSERT INTO prepared_probe VALUES (%s::int)", [7])
        raise RuntimeError("roll back")
    assert prepared.execute("SELECT count(*) FROM prepared_probe").fetchone()[0] == 0
    with transaction.atomic():
        prepared.execute("INSERT INTO prepared_probe VALUES (%s::int)", [8])
    assert prepared.execute("SELECT count(*) FROM prepared_probe").fetchone()[0] == 1
