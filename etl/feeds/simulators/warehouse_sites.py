"""市物资储备平台 warehouse sites seen from Changning: the city store serving it and the district's own."""
from .common import as_json

SITES = (
    ("SHWZ-SJ-0105", "上海市应急物资储备库（西部库）", "市级", "上海市应急管理局", 121.3541, 31.2119, 8200),
    ("SHWZ-QJ-0105-01", "长宁区应急物资储备仓库", "区级", "长宁区应急管理局", 121.3897, 31.2098, 2600),
    ("SHWZ-JZ-0105-09", "虹桥街道应急物资储备点", "街镇级", "长宁区虹桥街道办事处", 121.4071, 31.1985, 180),
    ("SHWZ-JZ-0105-11", "北新泾街道应急物资储备点", "街镇级", "长宁区北新泾街道办事处", 121.3771, 31.2151, 160),
)


def items() -> list[dict]:
    return [{"code": code, "name": name, "level": level, "managing_unit": unit, "contact": "值班室",
             "phone": "021-62590000", "address": f"长宁区{name}", "area_m2": area, "lon": lon, "lat": lat}
            for code, name, level, unit, lon, lat, area in SITES]


def payload(now):
    return as_json(items(), source="上海市物资储备平台", sent_at=now.replace(hour=0, minute=0, second=0, microsecond=0))
