"""市应急局 weather warnings as CAP 1.2 / GB/T 35965.1 XML. `cap_alert()` writes one alert (used by
the demo, the tests and the latency bench); `payload(now)` is the latest alert, as the bureau's
"current warning" endpoint answers a poll. Late November: cold wave, gale, fog, road icing."""
from datetime import datetime, time, timedelta
from xml.sax.saxutils import escape

SENDER = "上海中心气象台"
COLOURS = {1: ("Red", "红色"), 2: ("Orange", "橙色"), 3: ("Yellow", "黄色"), 4: ("Blue", "蓝色")}
CHANGNING = "310105"


def identifier(sent: datetime, n: int = 1, admin: str = CHANGNING) -> str:
    """GB/T 35965.1: admin code + org 000 + internal 000 + ext 00, Beijing time, sequence digit."""
    from zoneinfo import ZoneInfo

    return f"{admin}00000000_{sent.astimezone(ZoneInfo('Asia/Shanghai')):%Y%m%d%H%M%S}_{n % 10}"


def _info(*, language, event, code, level, headline, description, instruction, effective, onset, expires, areas):
    severity = COLOURS[level][0]
    parts = [f"<info><language>{language}</language><category>Met</category><event>{escape(event)}</event>",
             "<responseType>Prepare</responseType><urgency>Expected</urgency>",
             f"<severity>{severity}</severity><certainty>Likely</certainty>",
             f"<eventCode><valueName>GB/T 35965.1</valueName><value>{code}</value></eventCode>",
             f"<effective>{effective.isoformat()}</effective><onset>{onset.isoformat()}</onset>",
             f"<expires>{expires.isoformat()}</expires><senderName>{SENDER}</senderName>",
             f"<headline>{escape(headline)}</headline><description>{escape(description)}</description>",
             f"<instruction>{escape(instruction)}</instruction>"]
    for area in areas:
        parts.append(f"<area><areaDesc>{escape(area.get('desc', '长宁区'))}</areaDesc>")
        for ring in area.get("polygons", ()):
            parts.append("<polygon>" + " ".join(f"{lat},{lon}" for lon, lat in ring) + "</polygon>")
        for lon, lat, km in area.get("circles", ()):
            parts.append(f"<circle>{lat},{lon} {km}</circle>")
        for geocode in area.get("geocodes", ()):
            parts.append(f"<geocode><valueName>行政区划代码</valueName><value>{geocode}</value></geocode>")
        parts.append("</area>")
    parts.append("</info>")
    return "".join(parts)


def cap_alert(*, ident: str, sent: datetime, event: str = "大风", code: str = "11B06", level: int = 4,
              msg_type: str = "Alert", status: str = "Actual", references: list[tuple[str, str, datetime]] = (),
              headline: str = "", description: str = "", instruction: str = "", onset: datetime | None = None,
              expires: datetime | None = None, areas=None, english: dict | None = None,
              with_info: bool = True) -> str:
    onset = onset or sent
    expires = expires or sent + timedelta(hours=24)
    areas = areas if areas is not None else [{"desc": "长宁区全境", "geocodes": [CHANGNING]}]
    colour = COLOURS[level][1]
    headline = headline or f"{SENDER}发布长宁区{event}{colour}预警"
    refs = " ".join(f"{s},{i},{t.isoformat()}" for s, i, t in references)
    xml = ['<?xml version="1.0" encoding="UTF-8"?>', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
           f"<identifier>{ident}</identifier><sender>{SENDER}</sender><sent>{sent.isoformat()}</sent>",
           f"<status>{status}</status><msgType>{msg_type}</msgType><scope>Public</scope>"]
    if refs:
        xml.append(f"<references>{escape(refs)}</references>")
    if with_info:
        xml.append(_info(language="zh-CN", event=f"{event}{colour}预警", code=code, level=level, headline=headline,
                         description=description or headline, instruction=instruction, effective=sent, onset=onset,
                         expires=expires, areas=areas))
        if english:
            xml.append(_info(language="en-US", event=english.get("event", event), code=code, level=level,
                             headline=english.get("headline", headline), description=english.get("description", ""),
                             instruction=english.get("instruction", ""), effective=sent, onset=onset,
                             expires=expires, areas=areas))
    xml.append("</alert>")
    return "".join(xml)


# The demo's warnings (late November): event, code, level, area, description, advice.
SEASON = (
    ("寒潮", "11B05", 4, {"desc": "长宁区全境", "geocodes": [CHANGNING]},
     "受强冷空气影响，预计未来48小时内本区最低气温下降8℃以上，最低气温可达2℃。",
     "注意添衣保暖；做好户外水管、设施的防冻；关注老人、儿童和体弱人群。"),
    ("大风", "11B06", 3, {"desc": "长宁区西部（新泾镇、程家桥街道、北新泾街道）",
                        "geocodes": ["310105102000", "310105010000", "310105011000"]},
     "受冷空气影响，预计未来12小时内本区西部平均风力可达7级，阵风9级。",
     "加固广告牌、临时搭建物；行人远离高空设施；停止高空和户外作业。"),
    ("大雾", "11B17", 3, {"desc": "虹桥机场周边", "circles": [(121.345, 31.197, 3)]},
     "预计未来6小时内虹桥机场周边将出现能见度小于500米的雾。",
     "驾驶人员开启雾灯、减速慢行；机场、高架道路做好交通管制。"),
    ("道路结冰", "11B21", 4, {"desc": "长宁区高架道路及桥面", "polygons": [
        [(121.38, 31.205), (121.43, 31.205), (121.43, 31.212), (121.38, 31.212), (121.38, 31.205)],
        [(121.355, 31.215), (121.375, 31.215), (121.375, 31.222), (121.355, 31.222), (121.355, 31.215)]]},
     "预计今夜到明晨本区高架道路、桥面将出现道路结冰。",
     "车辆减速慢行，注意防滑；行人注意防滑跌倒；做好道路除冰准备。"),
)


def season_alerts(now: datetime) -> list[str]:
    """The demo's four alerts, issued this morning (06:00–06:45, Beijing time) or yesterday
    morning before 07:00, each in force until a day after it was sent."""
    from zoneinfo import ZoneInfo

    now = now.astimezone(ZoneInfo("Asia/Shanghai"))  # the bureau's clock, whatever zone `now` came in
    day = now.date() if now.time() >= time(7) else now.date() - timedelta(days=1)
    out = []
    for n, (event, code, level, area, description, advice) in enumerate(SEASON):
        sent = datetime.combine(day, time(6, 15 * n), tzinfo=now.tzinfo)
        out.append(cap_alert(ident=identifier(sent, n + 1), sent=sent, event=event, code=code, level=level,
                             description=description, instruction=advice, expires=sent + timedelta(hours=30),
                             areas=[area]))
    return out


def payload(now):
    return season_alerts(now)[-1].encode("utf-8"), "application/cap+xml"
