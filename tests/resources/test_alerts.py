"""Stock alerts raised and resolved by the scheduled job, run by a real Celery worker against the
test database (the tests/jobs fixtures), and the schedule declared for beat; a movement or a new
level raises or resolves its lines' alerts at once."""
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from geo_api.resources import tasks
from geo_api.resources.models import StockAlert, StockItem
from geo_api.resources.services import stock_alerts_refresh, stock_item_set_levels, stock_move
from tests.jobs.test_worker import job_env, queue, run  # noqa: F401 - fixtures

from .conftest import make_warehouse, stock


@pytest.mark.django_db(transaction=True)
def test_the_worker_raises_and_resolves_stock_alerts(keeper, queue):  # noqa: F811
    today = timezone.localdate()
    w = make_warehouse(1)
    low = stock(w, code="1010101", quantity=10)
    soon = stock(w, code="1020101", quantity=5)
    gone = stock(w, code="1020202", quantity=5)
    fine = stock(w, code="2010101", quantity=50, expires_on=today + timedelta(days=400))
    assert not StockAlert.objects.exists()
    # What no movement announces: days pass (expiry dates come near) and levels written around the
    # services (an import, the database). Only the scheduled check sees those.
    StockItem.objects.filter(pk=low.pk).update(minimum=20)
    StockItem.objects.filter(pk=soon.pk).update(expires_on=today + timedelta(days=10))
    StockItem.objects.filter(pk=gone.pk).update(expires_on=today - timedelta(days=1))
    StockItem.objects.filter(pk=fine.pk).update(minimum=10)

    assert run(tasks.check_stock_alerts, queue) == {"raised": 3, "resolved": 0, "open": 3}
    open_ = {(a.item_id, a.kind) for a in StockAlert.objects.filter(resolved_at__isnull=True)}
    assert open_ == {(low.pk, "below_minimum"), (soon.pk, "expiring"), (gone.pk, "expired")}
    assert run(tasks.check_stock_alerts, queue)["raised"] == 0, "a condition that holds keeps its one alert"

    stock_move(kind="in", warehouse_id=w.pk, material_code="1010101", quantity=15, reason="补库", user=keeper)
    assert StockAlert.objects.get(item=low).resolved_at is not None, "the movement resolved it at once"
    assert run(tasks.check_stock_alerts, queue) == {"raised": 0, "resolved": 0, "open": 2}


@pytest.mark.django_db
def test_a_withdrawal_below_the_minimum_alerts_at_once_and_a_restock_resolves_it(keeper):
    w, other = make_warehouse(1), make_warehouse(2)
    item = stock(w, code="1010101", quantity=30)
    stock_item_set_levels(item_id=item.pk, user=keeper, minimum=20)
    assert not StockAlert.objects.exists(), "30 is not below 20"

    stock_move(kind="transfer", warehouse_id=w.pk, to_warehouse_id=other.pk, material_code="1010101",
               quantity=15, reason="支援", user=keeper)
    alert = StockAlert.objects.get(item=item, resolved_at__isnull=True)
    assert (alert.kind, alert.quantity, alert.minimum) == ("below_minimum", 15, 20)
    stock_move(kind="out", warehouse_id=w.pk, material_code="1010101", quantity=5, reason="发放", user=keeper)
    assert StockAlert.objects.filter(item=item).count() == 1, "a condition that holds keeps its one alert"

    stock_move(kind="adjust", warehouse_id=w.pk, material_code="1010101", quantity=25, reason="盘点", user=keeper)
    assert StockAlert.objects.get(item=item).resolved_at is not None
    stock_item_set_levels(item_id=item.pk, user=keeper, minimum=40)
    assert StockAlert.objects.filter(item=item, resolved_at__isnull=True).count() == 1, "a raised level alerts too"


@pytest.mark.django_db
def test_an_empty_line_does_not_expire_and_the_schedule_is_declared(keeper):
    w = make_warehouse(1)
    item = stock(w, code="1020101", quantity=5, expires_on=date(2020, 1, 1))
    stock_move(kind="out", warehouse_id=w.pk, material_code="1020101", quantity=5, reason="报废", user=keeper)
    assert stock_alerts_refresh(today=date(2026, 11, 29))["open"] == 0
    assert not StockAlert.objects.filter(item=item, resolved_at__isnull=True).exists()
    row = PeriodicTask.objects.get(name="resources.check_stock_alerts")
    assert row.task == "geo_api.resources.tasks.check_stock_alerts" and row.enabled
