"""Stock alerts: below the minimum level, expiring soon, expired. Raised and resolved by the
scheduled check (resources/tasks.py) for every line, and at once for the lines a movement or a new
level touched (a withdrawal that goes below the minimum must not wait for the next hour); safe to
run any number of times: a condition that holds keeps its one open alert (a partial unique index),
a condition that passed resolves it."""
from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import StockAlert, StockItem

Kind = StockAlert.Kind


def expiring_window_days() -> int:
    return int(getattr(settings, "ONEMAP_STOCK_EXPIRY_WARNING_DAYS", 30))


def conditions_of(item: StockItem, today: date, window: int) -> set[str]:
    found = set()
    if item.minimum and item.quantity < item.minimum:
        found.add(Kind.BELOW_MINIMUM)
    if item.expires_on and item.quantity > 0:
        if item.expires_on < today:
            found.add(Kind.EXPIRED)
        elif item.expires_on <= today + timedelta(days=window):
            found.add(Kind.EXPIRING)
    return found


@transaction.atomic
def stock_alerts_refresh(*, today: date | None = None, item_ids=None) -> dict[str, int]:
    """Bring the open alerts in line with the stock, of every line or of `item_ids` only:
    returns {"raised": n, "resolved": m, "open": k}."""
    now = timezone.now()
    today = today or timezone.localdate()
    window = expiring_window_days()
    alerts = StockAlert.objects.select_for_update().filter(resolved_at__isnull=True)
    items = StockItem.objects.only("id", "warehouse_id", "material_code", "quantity", "minimum", "expires_on")
    if item_ids is not None:
        alerts, items = alerts.filter(item_id__in=item_ids), items.filter(pk__in=item_ids)
    open_alerts = {(a.item_id, a.kind): a for a in alerts}
    raised, keep = [], set()
    for item in items:
        for kind in conditions_of(item, today, window):
            keep.add((item.pk, kind))
            if (item.pk, kind) not in open_alerts:
                raised.append(StockAlert(item=item, warehouse_id=item.warehouse_id, kind=kind,
                                         material_code=item.material_code, quantity=item.quantity,
                                         minimum=item.minimum, expires_on=item.expires_on, raised_at=now))
    StockAlert.objects.bulk_create(raised)
    gone = [a.pk for key, a in open_alerts.items() if key not in keep]
    StockAlert.objects.filter(pk__in=gone).update(resolved_at=now)
    return {"raised": len(raised), "resolved": len(gone), "open": len(keep)}
