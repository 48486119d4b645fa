"""应急避难场所: parks, schools, community centres, sports halls and neighbourhood squares,
classed by GB 21734 / GB 51143 / GB/T 44013 as in code-lists.md."""
from geo_api.shelters.models import Shelter

from . import names
from .base import Context, Table, cover, weighted
from .districts import DISTRICTS
from .geometry import allocate, changning, ewkb, points

# Plain strings, not the enum members: psycopg would COPY an Enum by its name.
T = type("T", (), {m.name: m.value for m in Shelter.ShelterType})
# GB 51143-2015 per-person effective area (m²); a central shelter is sized like a long-term one.
PER_PERSON_M2 = {T.EMERGENCY: 0.5, T.FIXED_SHORT: 2.0, T.FIXED_MEDIUM: 3.0, T.FIXED_LONG: 4.5, T.CENTRAL: 4.5}
# GB 21734-2008 class follows from how long people stay.
CLASS_OF_TYPE = {T.EMERGENCY: "III", T.FIXED_SHORT: "III", T.FIXED_MEDIUM: "II", T.FIXED_LONG: "I", T.CENTRAL: "I"}
BIG_PARKS = {"中山公园": (60_000, 100_000), "上海动物园": (150_000, 250_000), "天山公园": (20_000, 35_000),
             "新虹桥中心花园": (25_000, 40_000)}
SCHOOLS, CENTRES, SPORTS = 24, 10, 5
TOTAL = 60


def _plan(rng) -> list[tuple[str, int, str]]:
    """(kind, district index, name) for every shelter, parks first."""
    plan = [("park", i, park) for i, s in enumerate(DISTRICTS) for park in names.PARKS[s.name]]
    plan += [("centre", i, f"{s.short}社区文化活动中心") for i, s in enumerate(DISTRICTS)]
    populations = [s.population for s in DISTRICTS]
    for i, n in enumerate(allocate(SCHOOLS, populations)):
        # 天山第一小学, 天山第二中学, ...: numbered per street, so names never repeat.
        plan += [("school", i, f"{DISTRICTS[i].short}第{names.ORDINALS[k]}{rng.choice('小小中')}学") for k in range(n)]
    for i in sorted(rng.sample(range(len(DISTRICTS)), SPORTS)):
        plan.append(("sports", i, f"{DISTRICTS[i].short}社区体育健身中心"))
    squares = TOTAL - len(plan)
    for i, n in enumerate(allocate(squares, populations)):
        plan += [("square", i, "") for _ in range(n)]
    return plan


def _shape(rng, kind: str, name: str) -> tuple[str, str, str, float]:
    """(type, space type, tier, effective area m²) by what the place is."""
    if kind == "park":
        low, high = BIG_PARKS.get(name, (5_000, 20_000))
        if low >= 60_000:
            kind_of = T.CENTRAL
        else:
            kind_of = T.FIXED_LONG if low >= 20_000 else rng.choice([T.FIXED_MEDIUM, T.FIXED_SHORT])
        tier = "city" if name == "上海动物园" else "district" if name in BIG_PARKS else "street"
        return kind_of, "outdoor", tier, rng.uniform(low, high)
    if kind == "school":
        school_type = rng.choice([T.FIXED_SHORT, T.FIXED_SHORT, T.FIXED_MEDIUM])
        return school_type, "indoor", "community", rng.uniform(800, 4_000)
    if kind == "centre":
        return rng.choice([T.EMERGENCY, T.FIXED_SHORT]), "indoor", "street", rng.uniform(300, 1_500)
    if kind == "sports":
        return T.FIXED_MEDIUM, "both", "street", rng.uniform(2_000, 8_000)
    return T.EMERGENCY, "outdoor", "community", rng.uniform(1_000, 6_000)


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("shelters")
    plan = _plan(rng)
    geo = changning()
    counts = [sum(1 for _, d, _ in plan if d == i) for i in range(len(DISTRICTS))]
    located = {i: geo.sample_in(ctx.numpy(f"shelters:{i}"), i, n) for i, n in enumerate(counts)}
    # The landmark parks are long designated and filed; the rest are anywhere in the lifecycle.
    others = [i for i, (_, _, name) in enumerate(plan) if name not in BIG_PARKS]
    statuses = ["filed"] * len(plan)
    drawn = [weighted(rng, {"filed": 45, "designated": 25, "collected": 22, "revoked": 8}) for _ in others]
    for i, status in zip(others, cover(rng, drawn, Shelter.Designation.values)):
        statuses[i] = status
    per_street = {}
    rows = []
    for n, ((kind, d, name), status) in enumerate(zip(plan, statuses), start=1):
        street = DISTRICTS[d]
        taken = per_street.get(d, 0)
        per_street[d] = taken + 1
        x, y = located[d][0][taken], located[d][1][taken]
        address = names.address(rng, d)
        if kind == "square":
            lane = f"{names.road(rng, d)}{rng.randrange(1, 1600)}弄"
            name, address = f"{lane}小区广场", f"长宁区{lane}"
        label = f"{name}{'室内' if kind in ('school', 'centre') else ''}避难场所"
        shelter_type, space, tier, area = _shape(rng, kind, name)
        area = round(area, -1)
        unit = {"park": "长宁区绿化和市容管理局", "school": f"长宁区{name}", "sports": "长宁区体育局"}.get(kind, street.government)
        rows.append((n, f"BN{street.code}{per_street[d]:03d}", label, CLASS_OF_TYPE[shelter_type], shelter_type, space,
                     tier, area, int(area // PER_PERSON_M2[shelter_type]), status, unit, names.person(rng),
                     names.landline(rng), address, ctx.district_id(d), ewkb(points([x], [y]))[0]))
    columns = ("id", "code", "name", "shelter_class", "shelter_type", "space_type", "tier", "area_m2", "capacity",
               "designation_status", "managing_unit", "contact", "phone", "address", "district_id", "geom")
    return [Table(Shelter, columns, rows)]
