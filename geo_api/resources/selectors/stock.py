"""Reads of warehouses and stock: a warehouse's stock, its ledger, the nearest warehouses holding
enough of a material, statistics across warehouses and the open alerts."""
from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from .. import materials
from ..models import StockAlert, StockItem, StockMovement, Warehouse
from ..services.alerts import expiring_window_days


def number(value) -> str:
    """12.50 → "12.5", 300.00 → "300": quantities as people write them."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def item_json(item: StockItem, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    window = today + timedelta(days=expiring_window_days())
    return {
        "id": item.pk, "code": item.material_code, "name": item.name, "unit": item.unit,
        "quantity": number(item.quantity), "expiry": item.expires_on.isoformat() if item.expires_on else None,
        "minimum": number(item.minimum), "class": materials.class_label(item.material_code),
        "below_minimum": bool(item.minimum and item.quantity < item.minimum),
        "expired": bool(item.expires_on and item.expires_on < today),
        "expiring": bool(item.expires_on and today <= item.expires_on <= window),
    }


def warehouse_stock(warehouse_id: int) -> list[dict]:
    today = timezone.localdate()
    return [item_json(i, today) for i in StockItem.objects.filter(warehouse_id=warehouse_id).order_by("material_code")]


def warehouse_movements(warehouse_id: int, limit: int = 30):
    """The latest movements touching a warehouse (sent or received)."""
    return (StockMovement.objects.filter(Q(warehouse_id=warehouse_id) | Q(to_warehouse_id=warehouse_id))
            .select_related("warehouse", "to_warehouse").order_by("-at", "-id")[:limit])


def warehouses_nearest(*, material_code: str, quantity, lon: float, lat: float, limit: int = 5) -> list[dict]:
    """Warehouses holding at least `quantity` of the material, nearest first, with the distance in
    metres on the ellipsoid (PostGIS geography)."""
    sql = """
        SELECT w.id, w.code, w.name, w.level, w.address, w.phone, s.name, s.unit, s.quantity, s.expires_on,
               ST_X(w.geom), ST_Y(w.geom),
               ST_Distance(w.geom::geography, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography) AS metres
        FROM onemap_stockitem s JOIN onemap_warehouse w ON w.id = s.warehouse_id
        WHERE s.material_code = %(code)s AND s.quantity >= %(quantity)s
        ORDER BY metres, w.id LIMIT %(limit)s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"lon": lon, "lat": lat, "code": material_code, "quantity": quantity, "limit": limit})
        rows = cursor.fetchall()
    levels = dict(Warehouse.Level.choices)
    return [{"id": r[0], "code": r[1], "name": r[2], "level": r[3], "level_label": str(levels.get(r[3], r[3])),
             "address": r[4], "phone": r[5], "material_name": r[6], "unit": r[7], "quantity": number(r[8]),
             "expiry": r[9].isoformat() if r[9] else None, "lon": r[10], "lat": r[11],
             "distance_m": round(r[12], 1)} for r in rows]


def stock_by_material() -> list[dict]:
    """Totals per material across every warehouse, in code order."""
    rows = (StockItem.objects.values("material_code", "name", "unit")
            .annotate(total=Sum("quantity"), warehouses=Count("warehouse", filter=Q(quantity__gt=0)))
            .order_by("material_code"))
    return [{"code": r["material_code"], "name": r["name"], "unit": r["unit"], "total": number(r["total"]),
             "total_value": float(r["total"]), "warehouses": r["warehouses"]} for r in rows]


def warehouses_by_level() -> list[dict]:
    counts = dict(Warehouse.objects.values_list("level").annotate(n=Count("id")))
    return [{"level": value, "label": str(label), "count": counts.get(value, 0)}
            for value, label in Warehouse.Level.choices]


def open_alerts(warehouse_id: int | None = None):
    alerts = StockAlert.objects.filter(resolved_at__isnull=True).select_related("warehouse", "item")
    if warehouse_id is not None:
        alerts = alerts.filter(warehouse_id=warehouse_id)
    return alerts.order_by("warehouse__name", "material_code", "kind")


def stock_ledger_drift() -> list[tuple[int, str, str, str]]:
    """Stock lines whose quantity differs from the sum of their ledger: (warehouse, code, line, ledger).
    Empty while only stock_move writes quantities."""
    sql = """
        WITH ledger AS (
          SELECT warehouse_id, material_code, sum(delta) AS q FROM onemap_stockmovement GROUP BY 1, 2
          UNION ALL
          SELECT to_warehouse_id, material_code, sum(quantity) FROM onemap_stockmovement
          WHERE to_warehouse_id IS NOT NULL GROUP BY 1, 2
        ), totals AS (SELECT warehouse_id, material_code, sum(q) AS q FROM ledger GROUP BY 1, 2)
        SELECT coalesce(s.warehouse_id, t.warehouse_id), coalesce(s.material_code, t.material_code),
               coalesce(s.quantity, 0), coalesce(t.q, 0)
        FROM onemap_stockitem s FULL JOIN totals t USING (warehouse_id, material_code)
        WHERE coalesce(s.quantity, 0) <> coalesce(t.q, 0)"""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(w, c, number(a), number(b)) for w, c, a, b in cursor.fetchall()]
