"""Risk points (风险点) and hidden hazards (事故隐患) with their rectification closed loop.
Scales with --scale; about a quarter sit in a supervised enterprise."""
from datetime import timedelta

import numpy as np

from geo_api.supervision.models import Hazard

from . import names
from .base import Context, Table, chunked, cover, weighted
from .districts import DISTRICTS, weights
from .geometry import allocate, changning, ewkb, points

PER_SCALE = 400
# category: (hidden-hazard findings, risk-point sites)
CATEGORIES = {
    "消防安全": (("消防通道堵塞", "疏散指示标志损坏", "灭火器过期未更换", "安全出口上锁", "电动自行车楼道内充电"),
             ("高层住宅消防风险点", "老旧小区消防风险点", "群租房消防风险点")),
    "电气安全": (("电气线路私拉乱接", "配电箱未接地", "大功率电器超负荷使用"), ("配电房电气火灾风险点",)),
    "燃气安全": (("燃气管道锈蚀", "燃气报警器失效", "餐饮场所燃气软管老化"), ("燃气调压站", "餐饮集中区燃气风险点")),
    "危险化学品": (("危险化学品超量储存", "防爆设施失效", "化学品安全技术说明书缺失"), ("加油站储罐区", "危险化学品仓库")),
    "建筑施工": (("脚手架连墙件缺失", "深基坑支护变形", "塔吊限位装置失灵"), ("深基坑施工风险点", "高支模施工风险点")),
    "有限空间": (("有限空间作业未审批", "污水井作业未配备检测仪"), ("污水泵站有限空间", "地下管廊有限空间")),
    "特种设备": (("电梯维保超期", "特种作业人员无证上岗", "压力容器未定期检验"), ("老旧电梯集中区",)),
    "防汛防台": (("地下车库防汛挡板缺失", "排水泵站设备老化", "防汛沙袋储备不足"), ("下立交积水风险点", "地下空间防汛风险点", "低洼积水点")),
    "人员密集场所": (("人员密集场所疏散通道占用", "应急照明不亮"), ("大型商业综合体", "轨道交通站点客流风险点")),
    "城市运行": (("广告牌架锈蚀松动", "外墙饰面砖空鼓", "行道树倾斜"), ("高空坠物风险点", "河道护岸风险点")),
}
OPEN = ("registered", "graded", "rectifying")
STATUSES = {"registered": 10, "graded": 10, "rectifying": 25, "rectified": 15, "accepted": 10, "closed": 25,
            "overdue": 5}
COLOURS = {"blue": 35, "yellow": 35, "orange": 20, "red": 10}
# Who answers for a hazard outside a supervised enterprise, by category; a street office otherwise.
UNITS = {"建筑施工": "上海{t}建设工程有限公司", "燃气安全": "上海{t}餐饮管理有限公司",
         "人员密集场所": "上海{t}商业管理有限公司", "危险化学品": "上海{t}化工贸易有限公司"}


def _place(ctx, count):
    """Points for every hazard: a quarter next to an enterprise (within 40 m), the rest spread
    like the population. Returns x, y, district index, enterprise index (-1 for none)."""
    rng = ctx.numpy("hazards")
    firms = ctx.shared["enterprises"]
    linked = rng.random(count) < 0.25
    owner = np.where(linked, rng.integers(0, len(firms["names"]), count), -1)
    x, y, d = changning().sample(rng, allocate(int((~linked).sum()), weights()), spatial=True)
    hx, hy, hd = changning().jitter(rng, firms["x"][owner[linked]], firms["y"][owner[linked]], 40)
    X, Y, D = np.empty(count), np.empty(count), np.empty(count, dtype=np.int64)
    X[linked], Y[linked], D[linked] = hx, hy, hd
    X[~linked], Y[~linked], D[~linked] = x, y, d
    return X, Y, D, owner


def build(ctx: Context) -> list[Table]:
    count = PER_SCALE * ctx.scale
    x, y, d, owner = _place(ctx, count)
    firms = ctx.shared["enterprises"]["names"]
    label_rng = ctx.random("hazards:labels")
    kinds = cover(label_rng, ["risk_point" if label_rng.random() < 0.35 else "hidden_hazard" for _ in range(count)],
                  ["risk_point", "hidden_hazard"])
    statuses = [weighted(label_rng, STATUSES) if k == "hidden_hazard" else label_rng.choice(OPEN[:2]) for k in kinds]
    hidden = [i for i, k in enumerate(kinds) if k == "hidden_hazard"]
    # The closed loop applies to hidden hazards: every stage of it must be on the map.
    for i, status in zip(hidden, cover(label_rng, [statuses[i] for i in hidden], STATUSES)):
        statuses[i] = status
    today = ctx.local.date()

    def rows(start, stop):
        rng = ctx.random(f"hazards:{start}")
        geoms = ewkb(points(x[start:stop], y[start:stop]))
        for i, geom in zip(range(start, stop), geoms):
            street, firm = int(d[i]), int(owner[i])
            category = rng.choice(list(CATEGORIES))
            findings, sites = CATEGORIES[category]
            where = firms[firm] if firm >= 0 else names.address(rng, street).removeprefix("长宁区")
            unit = firms[firm] if firm >= 0 else (
                DISTRICTS[street].government if rng.random() < 0.3
                else UNITS.get(category, "上海{t}物业管理有限公司").format(t=names.trade_name(rng)))
            status = statuses[i]
            if kinds[i] == "risk_point":
                colour = weighted(rng, COLOURS)
                name, grade, deadline = f"{where}{rng.choice(sites)}", "major" if colour == "red" else "general", None
                found = today - timedelta(days=rng.randrange(30, 720))
                code = f"FX310105{i + 1:07d}"
            else:
                colour, finding = "", rng.choice(findings)
                name, grade = f"{where}{finding}", "major" if rng.random() < 0.04 else "general"
                period = rng.choice((7, 15, 30, 60, 90))
                if status in OPEN:  # still within its deadline
                    found = today - timedelta(days=rng.randrange(period))
                elif status == "overdue":
                    found = today - timedelta(days=period + rng.randrange(1, 60))
                else:
                    found = today - timedelta(days=rng.randrange(period, 540))
                deadline = found + timedelta(days=period)
                code = f"YH310105{i + 1:07d}"
            description = f"{category}检查发现：{name}。责任单位：{unit}。"
            yield (i + 1, code, name[:100], kinds[i], grade, colour, category, status, found, deadline, unit[:100],
                   description, firm + 1 if firm >= 0 else None, ctx.district_id(street), geom)

    columns = ("id", "code", "name", "kind", "grade", "risk_colour", "category", "rectification_status", "found_on",
               "deadline", "responsible_unit", "description", "enterprise_id", "district_id", "geom")
    return [Table(Hazard, columns, chunked(count, rows), count)]
