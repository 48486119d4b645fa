"""Five weather warnings in force at the reference instant, shaped like GB/T 35965.1 (CAP 1.2)."""
from datetime import timedelta

import shapely
from shapely import affinity
from shapely.geometry import Point

from geo_api.warnings.models import Warning

from .base import Context, Table
from .geometry import as_multipolygon, changning, ewkb

COLOUR = {1: "红色", 2: "橙色", 3: "黄色", 4: "蓝色"}
# 12379 type code, name, level (each within the colours that signal has), area, text, advice.
SIGNALS = (
    ("11B03", "暴雨", 2, "all", "受强对流云团影响，预计未来3小时内本区将出现50毫米以上降水。",
     "停止户外作业和露天集会；地下空间、下立交等低洼处做好排涝准备；车辆行人绕开积水路段。"),
    ("11B06", "大风", 4, "beyond", "受冷空气影响，预计未来24小时内本区平均风力可达6级以上，阵风7级以上。",
     "加固户外广告牌、临时搭建物和高空设施；行人远离高空设施，注意高空坠物。"),
    ("11B14", "雷电", 1, "ellipse", "本区中西部已受强雷电影响，并伴有短时强降水和8级以上雷雨大风，雷电活动将持续。",
     "人员留在室内，关好门窗；户外人员躲入有防雷设施的建筑物；切断危险电源，不要使用无防雷措施的电器。"),
    ("11B17", "大雾", 2, "west", "预计未来6小时内本区西部将出现能见度小于200米的浓雾。",
     "机场、高架道路做好交通管制；驾驶人员开启雾灯、减速慢行，保持车距。"),
    ("11B09", "高温", 3, "all", "预计今天本区最高气温将达35℃以上。",
     "避免午后高温时段户外作业；对老人、儿童及户外作业人员做好防暑降温。"),
)
AREA_DESC = {"all": "长宁区全境", "beyond": "长宁区及周边地区", "ellipse": "长宁区中西部",
             "west": "长宁区西部（新泾镇、程家桥街道、北新泾街道）"}


def _areas():
    geo = changning()
    outline = geo.outline
    # An ellipse about 6 km by 3.5 km across the middle of the district, spilling over its edge.
    storm = affinity.rotate(affinity.scale(Point(121.372, 31.212).buffer(0.03, 64), 1.0, 0.55), 20)
    return {
        "all": as_multipolygon(outline),
        "beyond": as_multipolygon(outline.buffer(0.02).simplify(0.002)),
        "ellipse": as_multipolygon(storm),
        "west": as_multipolygon(shapely.union_all([geo.districts[i] for i in (7, 8, 9)])),
    }


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("warnings")
    areas = _areas()
    ages = rng.sample(range(1, 8), len(SIGNALS))  # distinct hours since issue: distinct identifiers
    rows = []
    for n, ((code, name, level, area, description, instruction), age) in enumerate(zip(SIGNALS, ages), start=1):
        # Issued before the reference instant, expiring well after it: in force when loaded.
        sent = ctx.reference - timedelta(hours=age, minutes=rng.randrange(60))
        expires = ctx.reference + timedelta(hours=rng.randrange(6, 25))
        identifier = f"31010500000000_{sent.astimezone(ctx.local.tzinfo):%Y%m%d%H%M%S}_{n % 10}"
        rows.append((n, identifier, "上海中心气象台", sent, "Actual", "Alert", "", code, name, level,
                     "Immediate" if level <= 2 else "Expected", "Observed" if area == "ellipse" else "Likely",
                     f"上海中心气象台发布长宁区{name}{COLOUR[level]}预警", description, instruction,
                     sent, sent, expires, AREA_DESC[area], ewkb([areas[area]])[0]))
    columns = ("id", "identifier", "sender", "sent", "status", "msg_type", "references", "event_type", "event_name",
               "level", "urgency", "certainty", "headline", "description", "instruction", "effective", "onset",
               "expires", "area_desc", "geom")
    return [Table(Warning, columns, rows)]
