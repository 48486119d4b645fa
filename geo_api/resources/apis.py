"""Thin HTTP layer over the stock services and selectors.

  GET  /api/warehouses/{id}/stock/        the warehouse's stock lines (code, name, unit, quantity, expiry, minimum)
  POST /api/stock-movements/              {"kind", "warehouse", "to_warehouse", "material_code", "quantity",
                                           "reason"[, "expires_on"]} → 201, 409 if stock would go negative
  GET  /api/warehouses/nearest/?material_code=&quantity=&lon=&lat=[&limit=]   nearest holding ≥ quantity

Reads follow the `warehouses` layer's access (public: the map popup shows the same stock); writes
need a writer role (resources/access.py)."""
from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotFound, NotSignedIn, Refused
from layers.access import can_read
from layers.registry import load_catalog

from . import materials
from .models import Warehouse
from .selectors.stock import number, warehouse_stock, warehouses_nearest
from .services.stock import parse_quantity, stock_move

MOVEMENT_FIELDS = {"kind", "warehouse", "to_warehouse", "material_code", "quantity", "reason", "expires_on"}


def _require_read(request):
    if not can_read(request.user, load_catalog().get("warehouses")):
        if not request.user.is_authenticated:
            raise NotSignedIn(_("Sign in to read warehouses."))
        raise Refused(_("Your role may not read warehouses."))


def _int(body, name, *, required=True):
    value = body.get(name)
    if value in (None, "") and not required:
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise InvalidInput(_("%(field)s must be a warehouse id (a whole number).") % {"field": name},
                           errors={name: [_("A warehouse id is a whole number.")]})
    return int(value)


def _float(params, name, low, high):
    raw = params.get(name)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give %(field)s as a number.") % {"field": name}, errors={name: [_("A number is required.")]})
    if not (low <= value <= high):
        raise InvalidInput(_("%(field)s must be between %(low)s and %(high)s.") % {"field": name, "low": low, "high": high},
                           errors={name: [_("Out of range.")]})
    return value


class WarehouseStockApi(APIView):
    @extend_schema(responses={200: dict, 404: dict})
    def get(self, request, warehouse_id):
        _require_read(request)
        warehouse = Warehouse.objects.filter(pk=warehouse_id).first()
        if warehouse is None:
            raise NotFound(_("There is no warehouse %(id)s.") % {"id": warehouse_id})
        return Response({"id": warehouse.pk, "code": warehouse.code, "name": warehouse.name,
                         "level": warehouse.level, "items": warehouse_stock(warehouse.pk)})


class StockMovementsApi(APIView):
    @extend_schema(request=dict, responses={201: dict, 400: dict, 401: dict, 403: dict, 404: dict, 409: dict},
                   examples=[OpenApiExample("out", request_only=True, value={
                       "kind": "out", "warehouse": 2, "material_code": "1010101", "quantity": 20,
                       "reason": "长宁区某小区火灾安置"})])
    def post(self, request):
        body = request.data
        if not isinstance(body, dict):
            raise InvalidInput(_('Send a JSON object such as {"kind": "out", "warehouse": 1, "material_code": '
                                 '"1010101", "quantity": 20, "reason": "..."}.'))
        unknown = sorted(set(body) - MOVEMENT_FIELDS)
        if unknown:
            raise InvalidInput(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)},
                               errors={name: [_("Unknown field.")] for name in unknown})
        expires_on = body.get("expires_on")
        if expires_on not in (None, ""):
            try:
                expires_on = date.fromisoformat(str(expires_on))
            except ValueError:
                raise InvalidInput(_("Give the expiry date as YYYY-MM-DD."),
                                   errors={"expires_on": [_("Give the date as YYYY-MM-DD.")]})
        else:
            expires_on = None
        for name in ("kind", "material_code", "reason"):
            if body.get(name) is not None and not isinstance(body.get(name), str):
                raise InvalidInput(_("%(field)s must be text.") % {"field": name}, errors={name: [_("Text is required.")]})
        if not request.user.is_authenticated:
            raise NotSignedIn(_("Sign in to record resources and stock movements."))
        movement = stock_move(
            kind=body.get("kind") or "", warehouse_id=_int(body, "warehouse"),
            to_warehouse_id=_int(body, "to_warehouse", required=False), material_code=body.get("material_code") or "",
            quantity=body.get("quantity"), reason=body.get("reason") or "", user=request.user, expires_on=expires_on)
        return Response(movement_json(movement), status=201)


def movement_json(m) -> dict:
    return {"id": m.id, "kind": m.kind, "warehouse": m.warehouse_id, "to_warehouse": m.to_warehouse_id,
            "material_code": m.material_code, "quantity": number(m.quantity), "change": number(m.delta),
            "balance_after": number(m.balance_after),
            "to_balance_after": number(m.to_balance_after) if m.to_balance_after is not None else None,
            "reason": m.reason, "by": m.actor_label, "at": m.at.isoformat()}


class WarehousesNearestApi(APIView):
    @extend_schema(responses={200: dict, 400: dict})
    def get(self, request):
        _require_read(request)
        params = request.query_params
        code = (params.get("material_code") or "").strip()
        if not materials.is_code(code):
            raise InvalidInput(_("Give material_code as a GB/T 38565 code, e.g. 1010101."),
                               errors={"material_code": [_("Not a GB/T 38565 material code.")]})
        quantity = parse_quantity(params.get("quantity", "1"))
        lon = _float(params, "lon", 120.8, 122.2)
        lat = _float(params, "lat", 30.6, 31.9)
        try:
            limit = int(params.get("limit", 5))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 50:
            raise InvalidInput(_("limit must be a whole number from 1 to 50."), errors={"limit": [_("Out of range.")]})
        known = materials.material(code)
        return Response({"material_code": code, "material_name": known.name if known else None,
                         "quantity": number(quantity), "lon": lon, "lat": lat,
                         "warehouses": warehouses_nearest(material_code=code, quantity=quantity, lon=lon, lat=lat,
                                                          limit=limit)})
