"""物资仓库 at city, district and street level, with stock classified by GB/T 38565-2020."""
from decimal import Decimal

from geo_api.resources.models import StockItem, Warehouse

from . import names
from .base import Context, Table
from .districts import DISTRICTS
from .geometry import changning, ewkb, points

# (code, name, unit, typical quantity at a street store). The codes have the standard's shape
# (class digit, then two-digit levels) but were not looked up in its table.
MATERIALS = (
    ("1010101", "单帐篷", "顶", 40), ("1010102", "棉帐篷", "顶", 20), ("1010201", "折叠床", "张", 120),
    ("1010301", "棉被", "床", 300), ("1010302", "毛毯", "条", 200), ("1010303", "睡袋", "个", 150),
    ("1010401", "棉大衣", "件", 80), ("1020101", "瓶装饮用水", "箱", 200), ("1020201", "方便食品", "箱", 150),
    ("1020202", "压缩饼干", "箱", 100), ("1039901", "个人卫生用品包", "套", 200),
    ("2010101", "救生衣", "件", 100), ("2010102", "救生圈", "个", 40), ("2010201", "冲锋舟", "艘", 2),
    ("2010202", "橡皮艇", "艘", 3), ("2020101", "发电机", "台", 4), ("2020201", "抽水泵", "台", 6),
    ("2020301", "应急照明灯", "台", 30), ("2030101", "灭火器", "具", 120), ("2030201", "防护服", "套", 100),
    ("2030202", "防毒面具", "个", 60), ("2040101", "急救包", "个", 80), ("2050101", "对讲机", "部", 20),
    ("2060101", "雨衣", "件", 200), ("2060102", "雨靴", "双", 150), ("2070101", "油锯", "台", 4),
    ("3010101", "沙袋", "只", 2_000), ("3010102", "编织袋", "只", 3_000), ("3010201", "土工布", "平方米", 500),
    ("3010301", "防汛挡板", "块", 60), ("3010302", "彩条布", "平方米", 800), ("3020201", "木桩", "根", 200),
)
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
    houses, stock = [], []
    for n, (level, name, unit, d, (low, high)) in enumerate(sites, start=1):
        x, y = geo.sample_in(ctx.numpy(f"warehouses:{n}"), d, 1)
        houses.append((n, f"WZ{DISTRICTS[d].code}{n:03d}", name, level, unit, names.person(rng), names.landline(rng),
                       names.address(rng, d), float(round(rng.uniform(low, high), -1)), ctx.district_id(d),
                       ewkb(points(x, y))[0]))
        for code, material, units, typical in sorted(rng.sample(MATERIALS, rng.randint(*ITEMS[level]))):
            quantity = Decimal(round(typical * SCALE[level] * rng.uniform(0.5, 1.5))).quantize(Decimal("0.01"))
            stock.append((len(stock) + 1, n, code, material, units, quantity))
    return [
        Table(Warehouse, ("id", "code", "name", "level", "managing_unit", "contact", "phone", "address", "area_m2",
                          "district_id", "geom"), houses),
        Table(StockItem, ("id", "warehouse_id", "material_code", "name", "unit", "quantity"), stock),
    ]
