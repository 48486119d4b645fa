"""Risk zones drawn by analysts: waterlogging spots at underpasses, construction sites, crowded
places, chemical-impact circles around the riskiest enterprises. Polygons inside one street."""
import shapely
from shapely import affinity
from shapely.geometry import Point

from geo_api.supervision.models import RiskZone

from .base import Context, Table
from .districts import DISTRICTS
from .geometry import METRES_PER_DEGREE, as_multipolygon, changning, ewkb

KINDS = (
    ("waterlogging", "易涝积水点", "长宁区水务局", ("blue", "yellow", "orange")),
    ("construction", "施工区域", "长宁区建设和管理委员会", ("yellow", "orange")),
    ("crowd", "人员密集场所", "长宁区公安分局", ("yellow", "orange", "red")),
    ("hazchem", "危化品影响区", "长宁区应急管理局", ("orange", "red")),
    ("geological", "地面沉降监测区", "长宁区规划和自然资源局", ("blue", "yellow")),
)
PER_KIND = 3


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("risk_zones")
    np_rng = ctx.numpy("risk_zones")
    geo = changning()
    rows = []
    for k, (zone_type, label, unit, colours) in enumerate(KINDS):
        for n, district in enumerate(rng.sample(range(len(geo.districts)), PER_KIND), start=1):
            (cx,), (cy,) = geo.sample_in(np_rng, district, 1)
            radius = rng.uniform(60, 250) / METRES_PER_DEGREE
            shape = affinity.rotate(affinity.scale(Point(cx, cy).buffer(radius, 16), 1.0, rng.uniform(0.4, 1.0)),
                                    rng.uniform(0, 180))
            # Keep the zone inside its street, so the street it is filed under is unambiguous.
            shape = shapely.intersection(shape, geo.districts[int(district)]).buffer(0)
            rows.append((len(rows) + 1, f"{geo_name(district)}{label}{n}", zone_type, rng.choice(colours), unit,
                         f"演示数据：{label}，由分析人员在一张图上绘制。", ctx.district_id(int(district)),
                         ctx.reference, ewkb([as_multipolygon(shape)])[0]))
    columns = ("id", "name", "zone_type", "risk_colour", "responsible_unit", "description", "district_id",
               "updated_at", "geom")
    return [Table(RiskZone, columns, rows)]


def geo_name(index) -> str:
    return DISTRICTS[int(index)].short
