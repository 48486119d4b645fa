"""Two withdrawals at the same moment, each on its own connection and transaction: the row lock
queues them, so they cannot both succeed past zero."""
import threading

import pytest
from django.db import connection, connections

from geo_api.common.errors import Conflict
from geo_api.resources.models import StockItem, StockMovement
from geo_api.resources.services import stock_move
from geo_api.resources.services import stock as stock_service

from .conftest import make_warehouse, stock

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_withdrawals_cannot_both_succeed_past_zero(keeper, monkeypatch):
    w = make_warehouse(1)
    stock(w, quantity=100)
    # Both transactions must be inside stock_move at the same time: each waits at the barrier just
    # before it asks for the row lock, so neither has read the balance when the other starts.
    barrier = threading.Barrier(2, timeout=20)
    real_describe = stock_service._describe

    def describe_then_wait(code, warehouse):
        answer = real_describe(code, warehouse)
        barrier.wait()
        return answer

    monkeypatch.setattr(stock_service, "_describe", describe_then_wait)
    outcomes, pids = [], []

    def withdraw():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            stock_move(kind="out", warehouse_id=w.pk, material_code="1010101", quantity=60, reason="并发领用",
                       user=keeper)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except Exception as exc:  # noqa: BLE001 - reported below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(set(pids)) == 2, "each withdrawal ran on its own database connection"
    assert sorted(outcomes) == ["conflict", "ok"], outcomes
    assert StockItem.objects.get(warehouse=w).quantity == 40
    assert StockMovement.objects.filter(warehouse=w, kind="out").count() == 1


def test_opposite_transfers_at_the_same_moment_do_not_deadlock(keeper, monkeypatch):
    a, b = make_warehouse(1), make_warehouse(2, lon=121.41)
    stock(a, quantity=50)
    stock(b, quantity=50)
    barrier = threading.Barrier(2, timeout=20)
    real_describe = stock_service._describe

    def describe_then_wait(code, warehouse):
        answer = real_describe(code, warehouse)
        barrier.wait()
        return answer

    monkeypatch.setattr(stock_service, "_describe", describe_then_wait)
    outcomes = []

    def move(src, dst):
        try:
            stock_move(kind="transfer", warehouse_id=src.pk, to_warehouse_id=dst.pk, material_code="1010101",
                       quantity=10, reason="互相调拨", user=keeper)
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(a, b)), threading.Thread(target=move, args=(b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes == ["ok", "ok"]
    assert StockItem.objects.get(warehouse=a).quantity == 50 == StockItem.objects.get(warehouse=b).quantity
