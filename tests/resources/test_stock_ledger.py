"""The stock ledger's rules: quantities derived from movements, never negative, transfers whole or
not at all, every movement with who and why, the ledger append-only at the database level."""
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import ProgrammingError

from geo_api.audit.models import AuditEntry
from geo_api.common.errors import Conflict, InvalidInput, NotFound, Refused
from geo_api.resources.models import StockItem, StockMovement
from geo_api.resources.selectors.stock import stock_ledger_drift
from geo_api.resources.services import stock_move
from tests.conftest import user_with_roles

from .conftest import make_warehouse, stock

pytestmark = pytest.mark.django_db


def quantity(warehouse, code="1010101"):
    return StockItem.objects.get(warehouse=warehouse, material_code=code).quantity


def test_in_out_and_adjust_derive_the_quantity_and_record_who_and_why(keeper):
    w = make_warehouse(1)
    stock(w, quantity=100)
    stock_move(kind="out", warehouse_id=w.pk, material_code="1010101", quantity="30.5", reason="火灾安置",
               user=keeper)
    m = stock_move(kind="adjust", warehouse_id=w.pk, material_code="1010101", quantity=60, reason="月度盘点",
                   user=keeper)
    assert quantity(w) == Decimal("60.00")
    assert m.delta == Decimal("-9.50") and m.balance_after == Decimal("60.00")
    assert m.actor == keeper and m.actor_label == "keeper" and m.reason == "月度盘点"
    item = StockItem.objects.get(warehouse=w)
    assert (item.name, item.unit) == ("单帐篷", "顶")  # named from the GB/T 38565 code list
    assert list(StockMovement.objects.filter(warehouse=w).order_by("id").values_list("kind", "delta")) == [
        ("in", Decimal("100.00")), ("out", Decimal("-30.50")), ("adjust", Decimal("-9.50"))]
    assert stock_ledger_drift() == []


def test_a_withdrawal_beyond_the_stock_is_refused_and_writes_nothing(keeper):
    w = make_warehouse(1)
    stock(w, quantity=10)
    with pytest.raises(Conflict) as refused:
        stock_move(kind="out", warehouse_id=w.pk, material_code="1010101", quantity=11, reason="领用", user=keeper)
    assert "10" in refused.value.message and refused.value.detail["available"] == "10.00"
    with pytest.raises(Conflict):
        stock_move(kind="out", warehouse_id=w.pk, material_code="1020101", quantity=1, reason="领用", user=keeper)
    assert quantity(w) == 10
    assert StockMovement.objects.filter(warehouse=w).count() == 1
    assert not StockItem.objects.filter(warehouse=w, material_code="1020101").exists()


def test_the_database_refuses_a_negative_balance_whoever_writes(keeper):
    w = make_warehouse(1)
    item = stock(w, quantity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockItem.objects.filter(pk=item.pk).update(quantity=-1)


def test_transfer_moves_stock_between_warehouses_atomically(keeper):
    a, b = make_warehouse(1), make_warehouse(2, lon=121.41)
    stock(a, quantity=50, expires_on=date(2027, 5, 1))
    m = stock_move(kind="transfer", warehouse_id=a.pk, to_warehouse_id=b.pk, material_code="1010101", quantity=20,
                   reason="向街道调拨", user=keeper)
    assert (quantity(a), quantity(b)) == (30, 20)
    assert (m.balance_after, m.to_balance_after) == (30, 20)
    assert StockItem.objects.get(warehouse=b).expires_on == date(2027, 5, 1)  # the batch keeps its expiry
    with pytest.raises(Conflict):
        stock_move(kind="transfer", warehouse_id=a.pk, to_warehouse_id=b.pk, material_code="1010101", quantity=31,
                   reason="超量调拨", user=keeper)
    assert (quantity(a), quantity(b)) == (30, 20)
    assert stock_ledger_drift() == []


def test_a_transfer_that_fails_halfway_leaves_both_warehouses_unchanged(keeper):
    """The debit is written, then the credit fails inside the database (a trigger stands in for a
    disk or constraint failure): the whole transfer rolls back."""
    a, b = make_warehouse(1), make_warehouse(2, lon=121.41)
    stock(a, quantity=50)
    stock(b, quantity=5)
    with connection.cursor() as cursor:
        cursor.execute(f"""
            CREATE FUNCTION test_fail_credit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.warehouse_id = {b.pk} THEN RAISE EXCEPTION 'credit failed'; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER test_fail_credit BEFORE UPDATE ON onemap_stockitem
              FOR EACH ROW EXECUTE FUNCTION test_fail_credit();""")
    movements = StockMovement.objects.count()
    with pytest.raises((ProgrammingError, InternalError), match="credit failed"):
        stock_move(kind="transfer", warehouse_id=a.pk, to_warehouse_id=b.pk, material_code="1010101", quantity=20,
                   reason="调拨", user=keeper)
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER test_fail_credit ON onemap_stockitem; DROP FUNCTION test_fail_credit()")
    assert (quantity(a), quantity(b)) == (50, 5)
    assert StockMovement.objects.count() == movements


def test_the_ledger_is_append_only_in_the_database(keeper):
    w = make_warehouse(1)
    stock(w, quantity=10)
    movement = StockMovement.objects.get(warehouse=w)
    for statement in ("UPDATE onemap_stockmovement SET quantity = 99 WHERE id = %s",
                      "DELETE FROM onemap_stockmovement WHERE id = %s"):
        with pytest.raises((ProgrammingError, InternalError), match="stock ledger cannot be changed"), \
                transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [movement.pk])
    movement.refresh_from_db()
    assert movement.quantity == 10


def test_every_movement_is_on_the_audit_log(keeper):
    w = make_warehouse(1)
    stock(w, quantity=10)
    movement = StockMovement.objects.get(warehouse=w)
    entry = AuditEntry.objects.get(table_name="onemap_stockmovement", row_pk=str(movement.pk))
    assert entry.action == "insert" and entry.changes["reason"]["new"] == "期初入库"
    assert AuditEntry.objects.filter(table_name="onemap_stockitem", action="update").exists()


@pytest.mark.parametrize("kwargs, field", [
    ({"kind": "steal"}, "kind"),
    ({"material_code": "4010101"}, "material_code"),
    ({"material_code": "1019"}, "material_code"),
    ({"quantity": "-3"}, "quantity"),
    ({"quantity": "0"}, "quantity"),
    ({"quantity": "abc"}, "quantity"),
    ({"quantity": "1.234"}, "quantity"),
    ({"quantity": "NaN"}, "quantity"),
    ({"reason": "  "}, "reason"),
    ({"kind": "transfer"}, "to_warehouse"),
    ({"expires_on": date(2027, 1, 1), "kind": "out"}, "expires_on"),
])
def test_bad_movements_say_what_to_fix(keeper, kwargs, field):
    w = make_warehouse(1)
    stock(w, quantity=10)
    base = {"kind": "out", "warehouse_id": w.pk, "material_code": "1010101", "quantity": 1, "reason": "领用"}
    with pytest.raises(InvalidInput) as bad:
        stock_move(**{**base, **kwargs}, user=keeper)
    assert field in bad.value.detail["errors"]
    assert quantity(w) == 10


def test_unknown_warehouse_and_unknown_code_and_refused_roles(keeper):
    w = make_warehouse(1)
    with pytest.raises(NotFound):
        stock_move(kind="in", warehouse_id=999999, material_code="1010101", quantity=1, reason="x", user=keeper)
    with pytest.raises(InvalidInput):  # well-formed but neither in the code list nor held here
        stock_move(kind="in", warehouse_id=w.pk, material_code="1999999", quantity=1, reason="x", user=keeper)
    for role in ("external_agency", "shelter_staff", "field_responder"):
        with pytest.raises(Refused):
            stock_move(kind="in", warehouse_id=w.pk, material_code="1010101", quantity=1, reason="x",
                       user=user_with_roles(f"u-{role}", role))
    assert not StockMovement.objects.exists()


def test_expiry_is_the_earliest_batch_still_in_store(keeper):
    w = make_warehouse(1)
    stock(w, code="1020101", quantity=10, expires_on=date(2027, 6, 1))
    stock(w, code="1020101", quantity=10, expires_on=date(2027, 3, 1))
    assert StockItem.objects.get(warehouse=w, material_code="1020101").expires_on == date(2027, 3, 1)
    stock_move(kind="out", warehouse_id=w.pk, material_code="1020101", quantity=20, reason="发放", user=keeper)
    stock(w, code="1020101", quantity=5, expires_on=date(2028, 1, 1))  # the old batches are gone
    assert StockItem.objects.get(warehouse=w, material_code="1020101").expires_on == date(2028, 1, 1)
