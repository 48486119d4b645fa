"""The demo warehouses come with their ledger: opening balances then withdrawals, replenishments and
transfers, whose sums are exactly the stock lines' quantities (as the movement service keeps them)."""
import pytest
from django.db import connection

from data.generate import districts, warehouses
from data.generate import writer as db
from data.generate.base import DEFAULT_REFERENCE, DEFAULT_SEED, Context
from geo_api.resources.models import StockItem, StockMovement
from geo_api.resources.selectors.stock import stock_ledger_drift

pytestmark = pytest.mark.django_db


def test_demo_stock_is_the_sum_of_its_ledger():
    ctx = Context(seed=DEFAULT_SEED, scale=1, reference=DEFAULT_REFERENCE)
    with connection.cursor() as cursor:
        for table in districts.build(ctx) + warehouses.build(ctx):
            db.copy(cursor, table, DEFAULT_REFERENCE)
    assert StockItem.objects.count() > 0
    assert StockMovement.objects.filter(kind="opening").count() == StockItem.objects.count()
    assert set(StockMovement.objects.values_list("kind", flat=True)) >= {"opening", "in", "out", "transfer"}
    assert stock_ledger_drift() == []
    assert not StockItem.objects.filter(quantity__lt=0).exists()
    assert StockItem.objects.filter(minimum__gt=0).count() == StockItem.objects.count()
    assert StockItem.objects.filter(expires_on__isnull=False).exists()
