"""Hazardous-chemical and key enterprises, with unified social credit codes whose check digits
are right (GB 32100-2015 over an organisation code checked per GB 11714-1997)."""
from geo_api.supervision.models import Enterprise

from . import names
from .base import Context, Table, cover, weighted
from .districts import weights
from .geometry import allocate, changning, ewkb, points

COUNT = 150
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# kind: (weight, [(name pattern, industry, employees range)])
KINDS = {
    "key": (40, [("{t}购物中心", "商业综合体", (200, 1500)), ("{t}大酒店", "住宿餐饮", (80, 600)),
                 ("上海{t}物流有限公司", "仓储物流", (30, 400)), ("上海{t}建设工程有限公司", "建筑施工", (50, 800)),
                 ("上海{t}物业管理有限公司", "物业管理", (40, 500))]),
    "hazchem_use": (25, [("上海{t}生物科技有限公司", "科研检测", (20, 300)), ("{t}医院", "医疗卫生", (200, 2000)),
                         ("上海{t}检测技术有限公司", "科研检测", (15, 200)), ("上海{t}电子有限公司", "工业制造", (50, 600))]),
    "hazchem_trade": (20, [("中国石化{t}加油站", "加油站", (10, 30)), ("中国石油{t}加油站", "加油站", (10, 30)),
                           ("上海{t}化工贸易有限公司", "危险化学品经营", (5, 60)), ("上海{t}气体有限公司", "工业气体经营", (10, 80))]),
    "hazchem_storage": (10, [("上海{t}仓储有限公司", "危险化学品储存", (20, 150)), ("上海{t}燃气有限公司", "燃气供应", (30, 300))]),
    "hazchem_production": (5, [("上海{t}涂料有限公司", "涂料制造", (30, 300)), ("上海{t}试剂有限公司", "化学试剂制造", (20, 200))]),
}
COLOURS = {"blue": 40, "yellow": 35, "orange": 18, "red": 7}


def _org_code(rng) -> str:
    body = f"{rng.randrange(10**8):08d}"
    check = 11 - sum(int(c) * w for c, w in zip(body, ORG_WEIGHTS)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_check(head: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(head, CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def credit_code(rng) -> str:
    """9 (registered by market regulation) 1 (enterprise), the Changning admin code, an
    organisation code, and the check character."""
    head = "91310105" + _org_code(rng)
    return head + credit_check(head)


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("enterprises")
    # The airport side (新泾镇, 北新泾) holds most of the logistics and industry.
    x, y, d = changning().sample(ctx.numpy("enterprises"), allocate(COUNT, weights(0.4)))
    kinds = cover(rng, [weighted(rng, {k: w for k, (w, _) in KINDS.items()}) for _ in range(COUNT)], KINDS)
    colours = cover(rng, [weighted(rng, COLOURS) for _ in range(COUNT)], COLOURS)
    geoms = ewkb(points(x, y))
    rows, seen_names, seen_codes = [], set(), set()
    for i in range(COUNT):
        pattern, industry, (low, high) = rng.choice(KINDS[kinds[i]][1])
        name = pattern.format(t=names.trade_name(rng))
        while name in seen_names:
            name = pattern.format(t=names.trade_name(rng))
        code = credit_code(rng)
        while code in seen_codes:
            code = credit_code(rng)
        seen_names.add(name)
        seen_codes.add(code)
        # Major hazard sources (GB 18218) are where chemicals are stored or made in quantity.
        grade = None
        if kinds[i] in ("hazchem_storage", "hazchem_production", "hazchem_use") and rng.random() < 0.3:
            grade = weighted(rng, {1: 1, 2: 2, 3: 4, 4: 6})
            colours[i] = "red" if grade <= 2 else max(colours[i], "orange", key=list(COLOURS).index)
        rows.append((i + 1, name, code, kinds[i], industry, colours[i], grade, rng.randint(low, high),
                     names.person(rng), names.person(rng), names.landline(rng), names.address(rng, int(d[i])),
                     ctx.district_id(int(d[i])), geoms[i]))
    ctx.shared["enterprises"] = {"x": x, "y": y, "d": d, "names": [r[1] for r in rows]}
    columns = ("id", "name", "credit_code", "kind", "industry", "risk_colour", "major_hazard_grade", "employees",
               "legal_representative", "contact", "phone", "address", "district_id", "geom")
    return [Table(Enterprise, columns, rows)]
