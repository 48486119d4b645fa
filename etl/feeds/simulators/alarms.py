"""市应急局 alarms (警情) of the day in Changning, late-November kinds: icy-road crashes, a tree
brought down by wind, a kitchen fire. Each is reported at a fixed time of the day and listed once
that time has passed, so the list grows through the day and never shows the future."""
from datetime import datetime, time

from .common import as_json

ALARMS = (  # time of day, type, severity, title, address, lon, lat, description
    (time(6, 40), "道路交通事故", 4, "延安西路高架匝道车辆追尾", "延安西路高架虹许路匝道", 121.3930, 31.2070,
     "路面结冰致两车追尾，无人员受伤，匝道部分封闭。"),
    (time(9, 15), "火灾", 3, "仙霞路居民楼厨房起火", "仙霞路 350 弄 12 号", 121.3905, 31.2052,
     "居民楼 5 楼厨房起火，消防已到场，一人轻微烧伤送医。"),
    (time(13, 30), "大风", 4, "天山路行道树倒伏", "天山路 900 号附近", 121.3980, 31.2150,
     "大风致行道树倒伏，压住一辆停放车辆，占用一条车道。"),
    (time(18, 5), "道路交通事故", 4, "虹桥路非机动车摔倒", "虹桥路古北路口", 121.4045, 31.1972,
     "路面湿滑，一名非机动车驾驶人摔倒受伤，120 已到场。"),
)


def items(now) -> list[dict]:
    out = []
    for n, (at, kind, severity, title, address, lon, lat, text) in enumerate(ALARMS, start=1):
        reported = datetime.combine(now.date(), at, tzinfo=now.tzinfo)
        if reported > now:
            continue
        out.append({"id": f"SHYJ-JQ-{now:%Y%m%d}-{n:04d}", "type": kind, "severity": severity, "title": title,
                    "description": text, "address": address, "lon": lon, "lat": lat,
                    "occurred_at": reported.replace(minute=max(0, at.minute - 5)).isoformat(),
                    "reported_at": reported.isoformat(), "reporter": "市应急联动中心", "phone": "021-12345"})
    return out


def payload(now):
    listed = items(now)
    sent = max((datetime.fromisoformat(i["reported_at"]) for i in listed),
               default=now.replace(hour=0, minute=0, second=0, microsecond=0))
    return as_json(listed, source="上海市应急管理局", sent_at=sent)
