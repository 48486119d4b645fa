"""Warehouses and stock (/warehouses/): the list by level with statistics across warehouses and
the open alerts; a warehouse's page with its stock, its ledger and the movement form (htmx: the
stock table and the ledger are swapped in place after a movement, no reload)."""
from __future__ import annotations

from django.db.models import Count, F, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_api.common.errors import DomainError
from geo_api.web.desk.shell import desk_page, forbidden, render_desk, shanghai

from .. import access, services
from ..exports import Column, xlsx_response
from ..models import StockItem, Warehouse
from ..selectors.stock import (number, open_alerts, stock_by_material, warehouse_movements, warehouse_stock,
                               warehouses_by_level)
from .forms import LevelsForm, MovementForm, WarehouseFilterForm

MODULE = "warehouses"
ENTRY = "src/desk/ledger.js"


def _alert_rows(alerts) -> list[dict]:
    return [{"warehouse": a.warehouse.name, "warehouse_url": reverse("resources_desk:warehouse", args=[a.warehouse_id]),
             "kind": a.kind, "kind_label": a.get_kind_display(), "code": a.material_code, "name": a.item.name,
             "quantity": number(a.quantity), "minimum": number(a.minimum), "unit": a.item.unit,
             "expires_on": a.expires_on.isoformat() if a.expires_on else "", "raised": shanghai(a.raised_at)}
            for a in alerts]


def _stock_export():
    columns = [Column("warehouse_code", _("Warehouse code")), Column("warehouse", _("Warehouse")),
               Column("level", _("Level")), Column("code", _("Material code")), Column("material", _("Material")),
               Column("unit", _("Unit")), Column("quantity", _("Quantity"), "number"),
               Column("minimum", _("Minimum level"), "number"), Column("expires_on", _("Expiry"))]
    rows = [[i.warehouse.code, i.warehouse.name, i.warehouse.get_level_display(), i.material_code, i.name, i.unit,
             i.quantity, i.minimum, i.expires_on.isoformat() if i.expires_on else ""]
            for i in StockItem.objects.select_related("warehouse").order_by("warehouse__code", "material_code")]
    return xlsx_response(filename="warehouse-stock", sheet=_("Warehouse stock"), columns=columns, rows=rows)


@desk_page
def warehouses(request):
    if not access.may_read(request.user):
        return forbidden(request, _("Your role may not read warehouses and stock."), current=MODULE)
    if request.GET.get("format") == "xlsx":
        return _stock_export()
    form = WarehouseFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = Warehouse.objects.select_related("district").annotate(
        lines=Count("stock", filter=Q(stock__quantity__gt=0), distinct=True),
        low=Count("stock", filter=Q(stock__minimum__gt=0) & Q(stock__quantity__lt=F("stock__minimum")), distinct=True),
        open_alerts=Count("alerts", filter=Q(alerts__resolved_at__isnull=True), distinct=True),
    ).order_by("level", "code")
    if data.get("level"):
        qs = qs.filter(level=data["level"])
    if data.get("q"):
        qs = qs.filter(Q(name__icontains=data["q"]) | Q(code__icontains=data["q"]) | Q(address__icontains=data["q"]))
    rows = [{"id": w.pk, "code": w.code, "name": w.name, "level": w.level, "level_label": w.get_level_display(),
             "managing_unit": w.managing_unit, "street": w.district.name if w.district else "", "lines": w.lines,
             "low": w.low, "open_alerts": w.open_alerts, "url": reverse("resources_desk:warehouse", args=[w.pk]),
             "lon": w.geom.x, "lat": w.geom.y} for w in qs]
    materials = stock_by_material()
    levels = warehouses_by_level()
    context = {
        "form": form, "rows": rows, "materials": materials, "levels": levels, "entry": ENTRY,
        "alerts": _alert_rows(open_alerts()[:200]),
        "chart": {"charts": [
            {"element": "warehouses-chart-level", "title": _("Warehouses by level"),
             "labels": [lv["label"] for lv in levels], "values": [lv["count"] for lv in levels], "colour": "#1f6fd1"},
            {"element": "warehouses-chart-material", "title": _("Stock by material (all warehouses)"),
             "labels": [m["name"] for m in materials], "values": [m["total_value"] for m in materials],
             "colour": "#2e9d5b", "rotate": True},
        ]},
        "map_data": {"points": [{"id": r["id"], "name": r["name"], "kind": r["level"], "label": r["level_label"],
                                 "lon": r["lon"], "lat": r["lat"], "url": r["url"]} for r in rows]},
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "resources/warehouses/_list.html", {**context, "partial": True})
    return render_desk(request, "resources/warehouses/index.html", context, current=MODULE)


def _detail_context(request, warehouse, *, form=None, levels_form=None, message=None, error=None) -> dict:
    may_write = access.may_write(request.user)
    items = warehouse_stock(warehouse.pk)
    movements = [{"at": shanghai(m.at), "kind": m.kind, "kind_label": m.get_kind_display(), "code": m.material_code,
                  "quantity": number(m.quantity), "change": number(m.delta) if m.warehouse_id == warehouse.pk
                  else "+" + number(m.quantity),
                  "balance": number(m.balance_after) if m.warehouse_id == warehouse.pk else number(m.to_balance_after),
                  "other": (m.to_warehouse.name if m.warehouse_id == warehouse.pk and m.to_warehouse
                            else (m.warehouse.name if m.warehouse_id != warehouse.pk else "")),
                  "by": m.actor_label, "reason": m.reason} for m in warehouse_movements(warehouse.pk)]
    totals = StockItem.objects.filter(warehouse=warehouse).aggregate(lines=Count("id", filter=Q(quantity__gt=0)),
                                                                     total=Sum("quantity"))
    return {
        "warehouse": warehouse, "items": items, "movements": movements, "may_write": may_write,
        "form": form or (MovementForm(warehouse=warehouse) if may_write else None),
        "levels_form": levels_form or (LevelsForm() if may_write else None),
        "message": message, "error": error, "alerts": _alert_rows(open_alerts(warehouse.pk)),
        "totals": totals, "entry": ENTRY,
        "map_data": {"points": [{"id": warehouse.pk, "name": warehouse.name, "kind": warehouse.level,
                                 "label": warehouse.get_level_display(), "lon": warehouse.geom.x,
                                 "lat": warehouse.geom.y}]},
        "stock_api": reverse("warehouse-stock", args=[warehouse.pk]),
    }


@desk_page
def warehouse(request, warehouse_id: int):
    if not access.may_read(request.user):
        return forbidden(request, _("Your role may not read warehouses and stock."), current=MODULE)
    w = get_object_or_404(Warehouse.objects.select_related("district"), pk=warehouse_id)
    return render_desk(request, "resources/warehouses/detail.html", _detail_context(request, w), current=MODULE)


def _answer(request, w, context, status):
    """htmx: the stock panel alone (stock table, form, ledger); otherwise the whole page."""
    if request.htmx:
        return render(request, "resources/warehouses/_stock.html", {**context, "partial": True}, status=status)
    return render_desk(request, "resources/warehouses/detail.html", context, current=MODULE, status=status)


@desk_page
def warehouse_movement(request, warehouse_id: int):
    w = get_object_or_404(Warehouse, pk=warehouse_id)
    if request.method != "POST":
        return render_desk(request, "resources/warehouses/detail.html", _detail_context(request, w), current=MODULE)
    if not access.may_write(request.user):
        return forbidden(request, _("Your role may not record stock movements."), current=MODULE)
    form = MovementForm(request.POST, warehouse=w)
    if not form.is_valid():
        return _answer(request, w, _detail_context(request, w, form=form, error=_("Correct the movement and send it "
                                                                                      "again.")), 400)
    data = form.cleaned_data
    try:
        movement = services.stock_move(
            kind=data["kind"], warehouse_id=w.pk, material_code=data["material_code"], quantity=data["quantity"],
            reason=data["reason"], user=request.user,
            to_warehouse_id=data["to_warehouse"].pk if data.get("to_warehouse") else None,
            expires_on=data.get("expires_on"))
    except DomainError as exc:
        for field, messages in (exc.detail.get("errors") or {}).items():
            if field in form.fields:
                for m in messages:
                    form.add_error(field, m)
        return _answer(request, w, _detail_context(request, w, form=form, error=exc.message), int(exc.status))
    message = _("Recorded: %(kind)s %(quantity)s of %(code)s; balance now %(balance)s.") % {
        "kind": movement.get_kind_display(), "quantity": number(movement.quantity), "code": movement.material_code,
        "balance": number(movement.balance_after)}
    return _answer(request, w, _detail_context(request, w, message=message), 200)


@desk_page
def warehouse_levels(request, warehouse_id: int):
    w = get_object_or_404(Warehouse, pk=warehouse_id)
    if request.method != "POST":
        return render_desk(request, "resources/warehouses/detail.html", _detail_context(request, w), current=MODULE)
    if not access.may_write(request.user):
        return forbidden(request, _("Your role may not change stock levels."), current=MODULE)
    form = LevelsForm(request.POST)
    if not form.is_valid() or not StockItem.objects.filter(pk=form.cleaned_data["item"], warehouse=w).exists():
        return _answer(request, w, _detail_context(request, w, levels_form=form,
                                                   error=_("Choose a stock line and give its minimum level.")), 400)
    data = form.cleaned_data
    try:
        services.stock_item_set_levels(item_id=data["item"], user=request.user, minimum=data["minimum"],
                                       expires_on=data.get("expires_on"), clear_expiry=not data.get("expires_on"))
    except DomainError as exc:
        return _answer(request, w, _detail_context(request, w, error=exc.message), int(exc.status))
    return _answer(request, w, _detail_context(request, w, message=_("Minimum level and expiry saved.")), 200)
