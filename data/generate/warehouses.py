"""物资仓库 at city, district and street level, with stock classified by GB/T 38565-2020."""
from datetime import timedelta
from decimal import Decimal

from geo_api.resources.materials import BY_CODE
from geo_api.resources.materials import MATERIALS as CATALOGUE
from geo_api.resources.models import StockItem, StockMovement, Warehouse

from . import names
from .base import Context, Table
from .districts import DISTRICTS
from .geometry import changning, ewkb, points

# Typical quantity at a street store per material of the code list (geo_api/resources/materials.py,
# whose item codes have the standard's shape but were not looked up in its table).
TYPICAL = {
    "1010101": 40, "1010102": 20, "1010201": 120, "1010301": 300, "1010302": 200, "1010303": 150, "1010401": 80,
    "1020101": 200, "1020201": 150, "1020202": 100, "1039901": 200, "2010101": 100, "2010102": 40, "2010201": 2,
    "2010202": 3, "2020101": 4, "2020201": 6, "2020301": 30, "2030101": 120, "2030201": 100, "2030202": 60,
    "2040101": 80, "2050101": 20, "2060101": 200, "2060102": 150, "2070101": 4, "3010101": 2_000, "3010102": 3_000,
    "3010201": 500, "3010301": 60, "3010302": 800, "3020201": 200,
}
# (code, name, unit, typical quantity at a street store)
MATERIALS = tuple((m.code, m.name, m.unit, TYPICAL[m.code]) for m in CATALOGUE)
# (level, name, managing unit, index of the street it stands in, floor area range m²)
SITES = (
    ("city", "上海市应急物资储备库长宁库点", "上海市应急管理局", 9, (3_000, 8_000)),
    ("district", "长宁区应急物资储备库", "长宁区应急管理局", 7, (1_500, 3_000)),
    ("district", "长宁区应急物资储备库临空分库", "长宁区应急管理局", 9, (800, 2_000)),
    ("district", "长宁区防汛物资仓库", "长宁区建设和管理委员会", 8, (800, 2_000)),
    ("district", "长宁区消防救援物资储备库", "长宁区消防救援支队", 4, (600, 1_500)),
)
ITEMS = {"city": (12, 18), "district": (8, 14), "street": (5, 9)}
SCALE = {"city": 20, "district": 5, "street": 1}


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("warehouses")
    geo = changning()
    sites = list(SITES) + [("street", f"{s.name}应急物资储备点", s.government, i, (80, 400))
                           for i, s in enumerate(DISTRICTS)]
    houses, lines = [], []
    for n, (level, name, unit, d, (low, high)) in enumerate(sites, start=1):
        x, y = geo.sample_in(ctx.numpy(f"warehouses:{n}"), d, 1)
        houses.append((n, f"WZ{DISTRICTS[d].code}{n:03d}", name, level, unit, names.person(rng), names.landline(rng),
                       names.address(rng, d), float(round(rng.uniform(low, high), -1)), ctx.district_id(d),
                       ewkb(points(x, y))[0]))
        for code, material, units, typical in sorted(rng.sample(MATERIALS, rng.randint(*ITEMS[level]))):
            quantity = Decimal(round(typical * SCALE[level] * rng.uniform(0.5, 1.5))).quantize(Decimal("0.01"))
            lines.append([n, code, material, units, quantity, typical * SCALE[level]])
    stock, movements = _ledger(ctx, lines)
    return [
        Table(Warehouse, ("id", "code", "name", "level", "managing_unit", "contact", "phone", "address", "area_m2",
                          "district_id", "geom"), houses),
        Table(StockItem, ("id", "warehouse_id", "material_code", "name", "unit", "quantity", "minimum", "expires_on"),
              stock),
        Table(StockMovement, ("id", "kind", "warehouse_id", "to_warehouse_id", "material_code", "quantity", "delta",
                              "balance_after", "to_balance_after", "expires_on", "reason", "actor_label", "at"),
              movements),
    ]


OUT_REASONS = ("防汛演练领用", "居民小区火灾临时安置", "暴雨积水抢险领用", "社区应急演练消耗", "台风防御前置下发")
IN_REASONS = ("年度采购入库", "市级调拨补库", "捐赠物资入库")


def _ledger(ctx: Context, lines: list[list]) -> tuple[list[tuple], list[tuple]]:
    """The stock ledger behind the demo stock: an opening balance per line 120 days before the
    reference instant, then withdrawals, replenishments and transfers from the district store to
    street stores. Each line's quantity is the sum of its movements, as the movement service keeps
    it; minimum levels and expiry dates are set so that a few lines raise alerts."""
    rng = ctx.random("warehouses:ledger")  # its own stream: the warehouses and lines stay as before
    start = ctx.reference - timedelta(days=120)
    today = ctx.local.date()
    balance = {(w, code): q for w, code, _n, _u, q, _t in lines}
    movements = []

    def record(kind, w, code, qty, delta, at, reason, to=None, expires=None):
        balance[(w, code)] += delta
        to_balance = None
        if to is not None:
            balance[(to, code)] += qty
            to_balance = balance[(to, code)]
        movements.append((len(movements) + 1, kind, w, to, code, qty, delta, balance[(w, code)], to_balance, expires,
                          reason, "system", at))

    for w, code, _n, _u, q, _t in lines:
        balance[(w, code)] = Decimal("0.00")
        record("opening", w, code, q, q, start, "期初库存（台账建立时的结存）")
    events = []
    for w, code, _n, _u, q, typical in lines:
        if rng.random() < 0.35:
            events.append((rng.uniform(5, 115), "out", w, code, max(1, round(typical * rng.uniform(0.1, 0.5)))))
        if rng.random() < 0.2:
            events.append((rng.uniform(5, 115), "in", w, code, max(1, round(typical * rng.uniform(0.2, 0.6)))))
    district_store = 2  # 长宁区应急物资储备库
    for w, code, _n, _u, _q, typical in lines:
        if w > len(SITES) and (district_store, code) in balance and rng.random() < 0.15:
            events.append((rng.uniform(5, 115), "transfer", district_store, code, max(1, round(typical * 0.5)), w))
    for days, kind, w, code, qty, *to in sorted(events, key=lambda e: (e[0], e[2], e[3])):
        at = start + timedelta(days=days)
        qty = Decimal(qty).quantize(Decimal("0.01"))
        if kind == "in":
            record("in", w, code, qty, qty, at, rng.choice(IN_REASONS))
        elif balance[(w, code)] >= qty:  # never negative, as the service enforces
            if kind == "out":
                record("out", w, code, qty, -qty, at, rng.choice(OUT_REASONS))
            else:
                record("transfer", w, code, qty, -qty, at, "区级储备库向街镇储备点调拨", to=to[0])
    stock = []
    for i, (w, code, name, unit, _q, typical) in enumerate(lines, start=1):
        minimum = Decimal(round(typical * 0.5)).quantize(Decimal("0.01"))
        expires = None
        if BY_CODE[code].perishable:
            expires = today + timedelta(days=rng.randint(-10, 540))
        stock.append((i, w, code, name, unit, balance[(w, code)], minimum, expires))
    return stock, movements
