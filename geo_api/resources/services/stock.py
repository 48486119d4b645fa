"""Stock movements: the one writer of stock quantities.

Each movement is one transaction: the stock lines it touches are locked (SELECT … FOR UPDATE, in
warehouse order so two transfers in opposite directions cannot deadlock), the new balances are
checked (never below zero: a refusal is a 409 that says how much there is), the lines are updated
and the movement is appended to the ledger. Two withdrawals at the same moment queue on the row
lock; the second sees what the first left. A transfer debits and credits in the same transaction,
so it happens whole or not at all. The audit trigger records the movement row and both line
updates with the request's actor and route."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound
from geo_api.timeline.services import actor_label_of

from .. import materials
from ..access import require_write
from ..models import StockItem, StockMovement, Warehouse
from .alerts import stock_alerts_refresh

KINDS = ("in", "out", "transfer", "adjust")
MAX_QUANTITY = Decimal("9999999999.99")


@dataclass(frozen=True)
class MovementInput:
    kind: str
    warehouse_id: int
    material_code: str
    quantity: Decimal
    reason: str
    to_warehouse_id: int | None = None
    expires_on: date | None = None


def _bad(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors={field: [message]})


def parse_quantity(raw, *, field="quantity", allow_zero=False) -> Decimal:
    if isinstance(raw, bool) or raw is None or raw == "":
        raise _bad(field, _("Give the quantity as a number, e.g. 20 or 12.5."))
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise _bad(field, _("Give the quantity as a number, e.g. 20 or 12.5.")) from None
    if not value.is_finite():
        raise _bad(field, _("Give the quantity as a number, e.g. 20 or 12.5."))
    if value < 0 or (value == 0 and not allow_zero):
        raise _bad(field, _("The quantity must be more than zero."))
    if value > MAX_QUANTITY:
        raise _bad(field, _("The quantity is too large."))
    if value != value.quantize(Decimal("0.01")):
        raise _bad(field, _("Give the quantity with at most two decimal places."))
    return value.quantize(Decimal("0.01"))


def _check(data: MovementInput) -> None:
    if data.kind not in KINDS:
        raise _bad("kind", _("The kind of movement must be one of: in, out, transfer, adjust."))
    if not materials.is_code(data.material_code):
        raise _bad("material_code", _("Not a GB/T 38565 material code: a class digit 1–3 and up to three two-digit "
                                      "levels, e.g. 1010101."))
    if not data.reason.strip():
        raise _bad("reason", _("Say why: every movement records its reason."))
    if len(data.reason) > 500:
        raise _bad("reason", _("The reason is too long (500 characters at most)."))
    if data.kind == "transfer":
        if data.to_warehouse_id is None:
            raise _bad("to_warehouse", _("A transfer needs the receiving warehouse."))
        if data.to_warehouse_id == data.warehouse_id:
            raise _bad("to_warehouse", _("A transfer goes to another warehouse."))
    elif data.to_warehouse_id is not None:
        raise _bad("to_warehouse", _("Only a transfer has a receiving warehouse."))
    if data.expires_on is not None and data.kind != "in":
        raise _bad("expires_on", _("An expiry date is recorded with stock coming in."))


def _warehouse(pk, field) -> Warehouse:
    try:
        return Warehouse.objects.get(pk=pk)
    except Warehouse.DoesNotExist:
        raise NotFound(_("There is no warehouse %(id)s.") % {"id": pk}, errors={field: [_("No such warehouse.")]})


def _describe(code: str, warehouse: Warehouse) -> tuple[str, str]:
    """(name, unit) of a material: as its line in this warehouse has it, else from the code list."""
    line = StockItem.objects.filter(warehouse=warehouse, material_code=code).values_list("name", "unit").first()
    if line:
        return line
    known = materials.material(code)
    if known is None:
        raise _bad("material_code", _("Material %(code)s is not in the code list and this warehouse holds none of "
                                      "it.") % {"code": code})
    return known.name, known.unit


def _ensure_line(warehouse_id: int, code: str, name: str, unit: str) -> None:
    """Create the (empty) stock line a movement will credit, unless it exists. ON CONFLICT keeps two
    first deliveries at the same moment from colliding: the second waits and finds the line."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO onemap_stockitem (warehouse_id, material_code, name, unit, quantity, minimum, updated_at) "
            "VALUES (%s, %s, %s, %s, 0, 0, now()) ON CONFLICT (warehouse_id, material_code) DO NOTHING",
            [warehouse_id, code, name, unit])


def _short(item: StockItem, amount: Decimal, warehouse: Warehouse) -> Conflict:
    return Conflict(
        _("%(warehouse)s holds only %(have)s %(unit)s of %(name)s: taking %(want)s %(unit)s would make the stock "
          "negative.") % {"warehouse": warehouse.name, "have": _plain(item.quantity), "unit": item.unit,
                          "name": item.name, "want": _plain(amount)},
        available=str(item.quantity), material_code=item.material_code, warehouse=warehouse.pk)


def _plain(value: Decimal) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


def stock_move(*, kind: str, warehouse_id: int, material_code: str, quantity, reason: str, user,
               to_warehouse_id: int | None = None, expires_on: date | None = None) -> StockMovement:
    """Record one movement and apply it to the stock lines, all or nothing.

    in: `quantity` arrives at `warehouse`; out: it leaves; transfer: it leaves `warehouse` and
    arrives at `to_warehouse`; adjust: a stocktake counted `quantity` (zero allowed) and the line
    is set to it. Refused → 401/403; bad input → 400; no such warehouse → 404; a balance that would
    go below zero → 409 (nothing written)."""
    require_write(user)
    data = MovementInput(kind=kind, warehouse_id=warehouse_id, material_code=(material_code or "").strip(),
                         quantity=parse_quantity(quantity, allow_zero=(kind == "adjust")),
                         reason=(reason or "").strip(), to_warehouse_id=to_warehouse_id, expires_on=expires_on)
    _check(data)
    return _apply(data, actor=user)


def _apply(data: MovementInput, *, actor) -> StockMovement:
    code = data.material_code
    with transaction.atomic():
        source = _warehouse(data.warehouse_id, "warehouse")
        target = _warehouse(data.to_warehouse_id, "to_warehouse") if data.kind == "transfer" else None
        name, unit = _describe(code, source)
        if data.kind in ("in", "adjust"):
            _ensure_line(source.pk, code, name, unit)
        if target is not None:
            _ensure_line(target.pk, code, name, unit)
        ids = sorted({source.pk, *([target.pk] if target else [])})
        lines = {item.warehouse_id: item for item in
                 StockItem.objects.select_for_update().filter(warehouse_id__in=ids, material_code=code)
                 .order_by("warehouse_id")}
        item = lines.get(source.pk)
        if item is None:  # out or transfer of something this warehouse never held
            raise Conflict(_("%(warehouse)s holds no %(name)s (%(code)s).") % {
                "warehouse": source.name, "name": name, "code": code}, available="0", material_code=code,
                warehouse=source.pk)
        if data.kind == "in":
            delta = data.quantity
        elif data.kind == "adjust":
            delta = data.quantity - item.quantity
        else:
            delta = -data.quantity
        if item.quantity + delta < 0:
            raise _short(item, data.quantity, source)
        now = timezone.now()
        item.quantity += delta
        fields = ["quantity", "updated_at"]
        if data.kind == "in" and data.expires_on is not None:
            # The line's expiry is its earliest batch still in store.
            held_before = item.quantity - delta > 0
            item.expires_on = min(item.expires_on, data.expires_on) if (item.expires_on and held_before) \
                else data.expires_on
            fields.append("expires_on")
        item.save(update_fields=fields)
        to_balance = None
        if target is not None:
            receiving = lines[target.pk]
            receiving.quantity += data.quantity
            if item.expires_on and (receiving.expires_on is None or item.expires_on < receiving.expires_on):
                receiving.expires_on = item.expires_on  # what arrives may be older than what is there
            receiving.save(update_fields=["quantity", "expires_on", "updated_at"])
            to_balance = receiving.quantity
        stock_alerts_refresh(item_ids=[line.pk for line in lines.values()])
        return StockMovement.objects.create(
            kind=data.kind, warehouse=source, to_warehouse=target, material_code=code, quantity=data.quantity,
            delta=delta, balance_after=item.quantity, to_balance_after=to_balance, expires_on=data.expires_on,
            reason=data.reason, actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=actor_label_of(actor), at=now)


def stock_item_set_levels(*, item_id: int, user, minimum=None, expires_on: date | None = None,
                          clear_expiry: bool = False) -> StockItem:
    """Set a line's minimum level and expiry (not its quantity: that is the ledger's)."""
    require_write(user)
    with transaction.atomic():
        try:
            item = StockItem.objects.select_for_update().get(pk=item_id)
        except StockItem.DoesNotExist:
            raise NotFound(_("There is no stock line %(id)s.") % {"id": item_id})
        fields = ["updated_at"]
        if minimum is not None:
            item.minimum = parse_quantity(minimum, field="minimum", allow_zero=True)
            fields.append("minimum")
        if expires_on is not None or clear_expiry:
            item.expires_on = None if clear_expiry else expires_on
            fields.append("expires_on")
        item.save(update_fields=fields)
        stock_alerts_refresh(item_ids=[item.pk])
        return item
