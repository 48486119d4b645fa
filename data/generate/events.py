"""Thirty events as the duty desk received them, of all four categories; two are drills,
flagged so that nothing ever mixes them with real events."""
from datetime import timedelta

from geo_api.incidents.models import Event

from . import names
from .base import Context, Table, cover, weighted
from .districts import weights
from .geometry import allocate, changning, ewkb, points

COUNT = 30
DRILLS = 2
# category: [(event type, GB/T 35561 code where code-lists.md has it, title, description)]
TYPES = {
    "NATURAL": [
        ("暴雨", "11B03", "{p}暴雨积水", "强降雨致路段积水约20厘米，部分车辆熄火，需排水抢险。"),
        ("大风", "11B06", "{p}大风致树木倒伏", "大风致行道树倒伏，压住非机动车道，无人员受伤。"),
        ("台风", "11B01", "{p}台风致广告牌松动", "受台风外围影响，沿街广告牌松动，有坠落危险。"),
        ("地面塌陷", "", "{p}路面塌陷", "路面出现塌陷坑，直径约2米，已设置围挡。"),
    ],
    "ACCIDENT": [
        ("火灾", "", "{p}住宅火灾", "居民楼内厨房起火，消防救援力量已到场处置。"),
        ("火灾", "", "{p}商铺火灾", "沿街商铺起火，现场浓烟较大，周边人员已疏散。"),
        ("道路交通事故", "", "{p}交通事故", "两车相撞，造成道路拥堵。"),
        ("燃气泄漏", "", "{p}燃气泄漏", "餐饮店燃气管道泄漏，燃气抢修人员已关阀处置。"),
        ("危险化学品泄漏", "", "{p}危险化学品泄漏", "运输车辆发生少量化学品泄漏，已划定警戒区。"),
        ("建筑施工事故", "", "{p}工地脚手架坍塌", "在建工地脚手架局部坍塌，正在核查人员情况。"),
        ("电梯困人", "", "{p}电梯困人", "住宅电梯停运致人员被困，维保单位正赶赴现场。"),
        ("供水管道爆裂", "", "{p}供水管道爆裂", "供水管道爆裂致路面冒水，周边小区停水。"),
    ],
    "PUBLIC_HEALTH": [
        ("食物中毒", "", "{p}疑似食物中毒", "单位食堂多名就餐人员出现呕吐腹泻症状，已送医。"),
        ("传染病疫情", "", "{p}诺如病毒聚集性疫情", "学校出现诺如病毒感染聚集性病例，疾控部门已介入。"),
        ("职业中毒", "", "{p}一氧化碳中毒", "有限空间作业人员疑似一氧化碳中毒，已送医救治。"),
    ],
    "SOCIAL_SECURITY": [
        ("群体性事件", "", "{p}人员聚集", "部分人员在门口聚集，现场秩序总体可控。"),
        ("网络与信息安全事件", "", "{p}信息系统遭网络攻击", "单位信息系统遭受网络攻击，部分业务中断。"),
        ("涉外突发事件", "", "{p}涉外纠纷", "涉及外籍人员的纠纷，已通知相关部门协调处置。"),
    ],
}
# Types that happen on the road, described by a crossing; the rest by a street address.
OUTDOORS = {"暴雨", "大风", "台风", "地面塌陷", "道路交通事故", "危险化学品泄漏", "供水管道爆裂"}
AGE_HOURS = {"reported": (0.2, 2), "verified": (0.5, 12), "responding": (1, 36), "recovering": (24, 96),
             "closed": (50, 24 * 90), "dismissed": (3, 24 * 30), "archived": (24 * 60, 24 * 180)}
# Finished events carry closed_at (closing, dismissing); the others do not.
FINISHED = {"closed", "dismissed", "archived"}
STATUSES = ["closed", "responding", "verified", "reported", "recovering", "dismissed", "archived"]
# Where a report came from (Event.Source) by who passed it on.
SOURCES = {"119指挥中心": "fire_119", "110联动": "police_110", "120急救中心": "ambulance_120",
           "区城运中心": "city_ops", "12345热线": "hotline_12345", "区疾控中心": "phone"}
# Who passes an event to the duty desk: the emergency lines by what they handle, or the
# district's own channels.
LOCAL = ("区城运中心", "12345热线", "街道网格员")
REPORTERS = {"火灾": ("119指挥中心",), "道路交通事故": ("110联动",), "危险化学品泄漏": ("119指挥中心", "110联动"),
             "食物中毒": ("120急救中心", "区疾控中心"), "传染病疫情": ("区疾控中心",), "职业中毒": ("120急救中心",),
             "群体性事件": ("110联动",), "涉外突发事件": ("110联动",)}


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("events")
    x, y, d = changning().sample(ctx.numpy("events"), allocate(COUNT, weights()))
    geoms = ewkb(points(x, y))
    categories = cover(rng, [weighted(rng, {"NATURAL": 25, "ACCIDENT": 45, "PUBLIC_HEALTH": 15,
                                            "SOCIAL_SECURITY": 15}) for _ in range(COUNT)], TYPES)
    severities = cover(rng, [weighted(rng, {4: 60, 3: 25, 2: 10, 1: 5}) for _ in range(COUNT)], [1, 2, 3, 4])
    statuses = cover(rng, [weighted(rng, {"closed": 40, "responding": 12, "verified": 12, "reported": 16,
                                          "recovering": 8, "dismissed": 6, "archived": 6})
                           for _ in range(COUNT)], STATUSES)
    drills = set(rng.sample(range(COUNT), DRILLS))
    rows, per_day = [], {}
    for i in range(COUNT):
        street, status, severity = int(d[i]), statuses[i], severities[i]
        event_type, gb_code, title, description = rng.choice(TYPES[categories[i]])
        address = names.address(rng, street)
        on_street = event_type in OUTDOORS and rng.random() < 0.6
        place = names.crossing(rng, street) if on_street else address.removeprefix("长宁区")
        # Closed events lie days to weeks back; open ones are as old as their stage suggests.
        low, high = AGE_HOURS[status]
        occurred = ctx.reference - timedelta(hours=rng.uniform(low, high))
        occurred = occurred.replace(second=0, microsecond=0)
        reported = min(occurred + timedelta(minutes=rng.randint(3, 30)), ctx.reference)
        closed = reported + timedelta(hours=rng.uniform(1, 48)) if status in FINISHED else None
        closed = min(closed, ctx.reference) if closed else None
        closed = closed.replace(microsecond=0) if closed else None
        drill = i in drills
        reporter = "演练导调组" if drill else rng.choice(REPORTERS.get(event_type, ()) + LOCAL)
        if reporter == "街道网格员":
            reporter += names.person(rng)
        casualties = 0 if severity >= 3 else rng.randint(1, 12 if severity == 2 else 40)
        day = f"{reported.astimezone(ctx.local.tzinfo):%Y%m%d}"
        per_day[day] = per_day.get(day, 0) + 1
        code = f"EV-{day}-{per_day[day]:04d}"  # the intake's format (geo_api/incidents/codes.py)
        source = "other" if drill else ("grid" if reporter.startswith("街道网格员") else SOURCES.get(reporter, "phone"))
        rows.append((i + 1, code, f"{'【演练】' if drill else ''}{title.format(p=place)}", categories[i], event_type,
                     gb_code, severity, None if status in ("reported", "dismissed") else severity, status, drill,
                     occurred, reported, closed, address, reporter, description, casualties, ctx.district_id(street),
                     geoms[i], source, ""))
    columns = ("id", "code", "title", "category", "event_type", "gb_code", "severity", "response_level", "status",
               "is_drill", "occurred_at", "reported_at", "closed_at", "address", "reporter", "description",
               "casualties", "district_id", "geom", "source", "reporter_phone")
    # For event_reports.py: the calls, follow-ups and upward reports of these events.
    ctx.shared["events"] = [dict(zip(columns, row)) for row in rows]
    return [Table(Event, columns, rows)]
