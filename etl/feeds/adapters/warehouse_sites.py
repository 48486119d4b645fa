"""物资仓库库点 (warehouse sites, all levels) from the city material-reserve platform → warehouses,
upserted on the platform's warehouse code."""
from datetime import timedelta

from geo_api.resources.models import Warehouse

from .base import Applied, Fields, JsonAdapter
from .geo import district_at

LEVELS = {"市级": "city", "区级": "district", "街镇级": "street", "city": "city", "district": "district", "street": "street"}


class WarehouseSitesAdapter(JsonAdapter):
    name = "warehouse-sites"
    title = "物资仓库库点"
    title_en = "Warehouse sites"
    agency = "市物资储备平台"
    direction = "pull"
    interval = timedelta(hours=6)
    id_field = "code"

    def read(self, f: Fields) -> dict:
        return {"code": f.sid[:32], "name": f.text("name", 100), "level": LEVELS[f.choice("level", list(LEVELS))],
                "managing_unit": f.text("managing_unit", 100), "contact": f.text("contact", 50, required=False),
                "phone": f.text("phone", 30, required=False), "address": f.text("address", 200),
                "area_m2": f.number("area_m2", required=False, low=0, high=10_000_000), "geom": f.point()}

    def apply(self, item, *, existing, actor, message) -> Applied:
        data = item.data
        warehouse = Warehouse.objects.select_for_update().filter(code=data["code"]).first() or Warehouse()
        for key, value in data.items():
            setattr(warehouse, key, value)
        warehouse.district = district_at(warehouse.geom)
        warehouse.full_clean()
        warehouse.save()
        return Applied(target=warehouse)
