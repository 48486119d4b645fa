"""库存物资 (warehouse stock) from the city material-reserve platform → our stock, brought to the
reported level through the stock ledger (a stocktake adjustment, geo_api/resources/services/stock.py)
— never by writing a quantity. One item is one stock line (warehouse code + GB/T 38565 material
code); a level equal to ours writes nothing."""
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from geo_api.accounts.roles import Role
from geo_api.resources.models import StockItem, Warehouse
from geo_api.resources.services.stock import stock_move

from .base import Applied, Fields, Item, JsonAdapter, ParseError


class WarehouseStockAdapter(JsonAdapter):
    name = "warehouse-stock"
    title = "库存物资"
    title_en = "Warehouse stock"
    agency = "市物资储备平台"
    direction = "pull"
    interval = timedelta(hours=1)
    actor_roles = frozenset({Role.WAREHOUSE_STAFF})

    @staticmethod
    def _key(obj) -> str:
        return f"{obj.get('warehouse_code', '')}/{obj.get('material_code', '')}"[:200]

    def guess_source_id(self, raw: str) -> str:
        import json

        try:
            obj = json.loads(raw)
        except ValueError:
            return ""
        return self._key(obj) if isinstance(obj, dict) else ""

    def parse_item(self, raw: str) -> Item:
        import json

        try:
            obj = json.loads(raw)
        except ValueError as exc:
            raise ParseError(f"条目不是合法的 JSON：{exc}", f"The item is not valid JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise ParseError("条目应为 JSON 对象", "An item must be a JSON object.")
        f = Fields(obj, self._key(obj))
        data = {"warehouse_code": f.text("warehouse_code", 32), "material_code": f.text("material_code", 7),
                "quantity": f.number("quantity", low=0, high=9_999_999_999), "counted_at": f.time("counted_at")}
        return Item(source_id=self._key(obj), data=data)

    def apply(self, item, *, existing, actor, message) -> Applied:
        data = item.data
        warehouse = Warehouse.objects.filter(code=data["warehouse_code"]).first()
        if warehouse is None:
            raise ParseError(f"仓库 {data['warehouse_code']} 在本平台不存在：请先同步物资仓库库点",
                             f"Warehouse {data['warehouse_code']} is not known here: sync the warehouse sites first.")
        quantity = Decimal(str(data["quantity"])).quantize(Decimal("0.01"))
        line = StockItem.objects.filter(warehouse=warehouse, material_code=data["material_code"]).first()
        if line is not None and line.quantity == quantity:
            return Applied(target=line)
        counted = timezone.localtime(data["counted_at"]).strftime("%Y-%m-%d %H:%M")
        movement = stock_move(kind="adjust", warehouse_id=warehouse.pk, material_code=data["material_code"],
                              quantity=quantity, reason=f"{self.agency}库存同步（盘点时间 {counted}）", user=actor)
        line = StockItem.objects.get(warehouse=warehouse, material_code=data["material_code"])
        return Applied(target=line, others=[movement])
