"""气象预警 from the city emergency bureau: CAP 1.2 XML as profiled by GB/T 35965.1-2018 → warnings.

- XML is read only through defusedxml with DTDs, entities and external references forbidden: a
  billion-laughs or an XXE payload is refused before anything is expanded or fetched.
- One alert per message. Several `info` blocks (one per language): the zh-CN one is shown, the
  others are kept in `other_infos`.
- `Update` and `Cancel` name the alerts they replace in `references` ("sender,identifier,sent"
  triples): an update supersedes them (and becomes the warning in force), a cancel ends them.
- Areas: every `polygon` ("lat,lon lat,lon …", closed), every `circle` ("lat,lon radius_km",
  buffered on the geography, so the radius is in metres on the ground) and every `geocode`
  (12-digit street codes 310105xxx000 → that street's polygon; 310105 → the whole district)
  of every `area`, unioned into one multi-polygon: disjoint polygons are all kept.
- Severity Red/Orange/Yellow/Blue (the profile) or Extreme/Severe/Moderate/Minor (plain CAP), or a
  colour word in the event or headline when severity is Unknown → the four legal levels."""
from __future__ import annotations

import re
from datetime import timedelta

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import connection
from django.utils.dateparse import parse_datetime
from xml.etree.ElementTree import ParseError as XmlSyntaxError

from geo_api.reference.codes import WarningLevel
from geo_api.reference.models import District
from geo_api.warnings.models import Warning, identifier_validator

from .base import Adapter, Applied, Item, ParseError

NS = "urn:oasis:names:tc:emergency:cap:1.2"
Q = "{%s}" % NS
# 12379 signal codes (../shared/reference/code-lists.md); the name is what `event` says.
EVENT_CODES = {
    "台风": "11B01", "龙卷风": "11B02", "暴雨": "11B03", "暴雪": "11B04", "寒潮": "11B05", "大风": "11B06",
    "沙尘暴": "11B07", "高温": "11B09", "雷电": "11B14", "冰雹": "11B15", "霜冻": "11B16", "大雾": "11B17",
    "霾": "11B19", "雷雨大风": "11B20", "道路结冰": "11B21", "干旱": "11B22", "强对流": "11B31", "臭氧": "11B32",
}
CODE_NAMES = {code: name for name, code in EVENT_CODES.items()}
SEVERITY_LEVELS = {"red": 1, "extreme": 1, "orange": 2, "severe": 2, "yellow": 3, "moderate": 3,
                   "blue": 4, "minor": 4}
COLOUR_WORDS = {"红色": 1, "橙色": 2, "黄色": 3, "蓝色": 4}
MSG_TYPES = {"Alert", "Update", "Cancel"}
STATUSES = {"Actual", "Exercise", "System", "Test"}
CHANGNING = "310105"


def _t(el, name) -> str:
    child = el.find(Q + name)
    return (child.text or "").strip() if child is not None and child.text else ""


def _all(el, name) -> list[str]:
    return [(c.text or "").strip() for c in el.findall(Q + name) if c.text and c.text.strip()]


def _values(el, name) -> list[tuple[str, str]]:
    return [(_t(c, "valueName"), _t(c, "value")) for c in el.findall(Q + name)]


def _time(value: str, name: str, *, required=True):
    if not value:
        if required:
            raise ParseError(f"缺少 {name}", f"{name} is missing.")
        return None
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ParseError(f"{name} 应为带时区的时间，如 2026-11-29T08:00:00+08:00",
                         f"{name} must be a time with its offset, e.g. 2026-11-29T08:00:00+08:00.")
    return parsed


def _polygon(text: str) -> Polygon:
    points = []
    for pair in text.split():
        try:
            lat, lon = (float(v) for v in pair.split(","))
        except ValueError:
            raise ParseError(f"多边形坐标“{pair[:40]}”应为“纬度,经度”", f"Polygon point {pair[:40]!r} is not 'lat,lon'.") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ParseError(f"多边形坐标“{pair[:40]}”超出范围", f"Polygon point {pair[:40]!r} is out of range.")
        points.append((lon, lat))
    if len(points) < 4 or points[0] != points[-1]:
        raise ParseError("多边形至少四个点且首尾相同（CAP polygon）",
                         "A CAP polygon has at least four points and ends where it starts.")
    poly = Polygon(points, srid=4326)
    return poly if poly.valid else poly.make_valid()


def _circle(text: str) -> GEOSGeometry:
    try:
        centre, radius = text.split()
        lat, lon = (float(v) for v in centre.split(","))
        radius_km = float(radius)
    except ValueError:
        raise ParseError(f"圆形区域“{text[:40]}”应为“纬度,经度 半径公里”",
                         f"Circle {text[:40]!r} is not 'lat,lon radius_km'.") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not 0 < radius_km <= 500:
        raise ParseError(f"圆形区域“{text[:40]}”超出范围", f"Circle {text[:40]!r} is out of range.")
    with connection.cursor() as cursor:
        # On the geography: the radius is metres on the ground, not degrees.
        cursor.execute("SELECT ST_AsBinary(ST_Buffer(ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s, 32)::geometry)",
                       [lon, lat, radius_km * 1000])
        return GEOSGeometry(memoryview(bytes(cursor.fetchone()[0])), srid=4326)


def _geocode_area(codes: list[str]) -> GEOSGeometry | None:
    """Our streets named by administrative codes: 12 digits one street (310105001000), 9 digits
    its prefix, 6 digits (310105) the whole district. Codes outside Changning resolve to nothing."""
    geoms = []
    for code in codes:
        if not code.isdigit() or len(code) not in (6, 9, 12):
            continue
        rows = District.objects.filter(code=code) if len(code) == 12 else District.objects.filter(code__startswith=code)
        if len(code) == 12 and code.endswith("000000") and not rows.exists():
            rows = District.objects.filter(code__startswith=code[:6])  # a district written as 12 digits
        geoms += [d.geom for d in rows]
    if not geoms:
        return None
    merged = geoms[0]
    for g in geoms[1:]:
        merged = merged.union(g)
    return merged


def _as_multipolygon(geom: GEOSGeometry) -> MultiPolygon:
    polys = []
    for part in (geom if geom.geom_type in ("MultiPolygon", "GeometryCollection") else [geom]):
        if part.geom_type == "Polygon":
            polys.append(part)
        elif part.geom_type == "MultiPolygon":
            polys += list(part)
    if not polys:
        raise ParseError("预警区域不是面", "The warning area has no polygon.")
    return MultiPolygon(polys, srid=4326)


def _info_json(info) -> dict:
    return {"language": _t(info, "language") or "en-US", "event": _t(info, "event"), "headline": _t(info, "headline"),
            "description": _t(info, "description"), "instruction": _t(info, "instruction"),
            "severity": _t(info, "severity"), "senderName": _t(info, "senderName"),
            "areas": [_t(a, "areaDesc") for a in info.findall(Q + "area")]}


def _level(info, event: str) -> int:
    severity = _t(info, "severity").lower()
    if severity in SEVERITY_LEVELS:
        return SEVERITY_LEVELS[severity]
    for name, value in _values(info, "parameter"):
        if name.lower() in ("color", "colour", "预警级别", "预警颜色", "alertcolor") and value:
            for word, level in COLOUR_WORDS.items():
                if word[0] in value:
                    return level
            if value.lower() in SEVERITY_LEVELS:
                return SEVERITY_LEVELS[value.lower()]
    for text in (event, _t(info, "headline")):
        for word, level in COLOUR_WORDS.items():
            if word in text:
                return level
    raise ParseError("无法确定预警级别：severity 应为 Red/Orange/Yellow/Blue（或 Extreme/Severe/Moderate/Minor）",
                     "Cannot tell the warning level: severity must be Red/Orange/Yellow/Blue "
                     "(or Extreme/Severe/Moderate/Minor).")


def _event_type(info) -> tuple[str, str]:
    event = _t(info, "event")
    codes = [v for _n, v in _values(info, "eventCode") if re.fullmatch(r"\d{2}[A-Z]\d{2}", v or "")]
    name = re.sub(r"(红色|橙色|黄色|蓝色)?预警(信号)?$", "", event).strip()
    code = codes[0] if codes else EVENT_CODES.get(name, "")
    if not code:
        raise ParseError(f"未知的预警类型“{event[:30]}”：请在 eventCode 中给出 GB/T 35965.1 事件类型代码（如 11B06）",
                         f"Unknown event {event[:30]!r}: give the GB/T 35965.1 type code in eventCode (e.g. 11B06).")
    return code, (name or CODE_NAMES.get(code, code))[:30]


def parse_alert(raw: str) -> dict:
    try:
        root = fromstring(raw.encode("utf-8"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(f"拒绝含 DTD、实体或外部引用的 XML（{type(exc).__name__}）",
                         f"XML with a DTD, entities or external references is refused ({type(exc).__name__}).") from None
    except XmlSyntaxError as exc:
        raise ParseError(f"不是格式正确的 XML：{exc}", f"Not well-formed XML: {exc}") from None
    if root.tag != Q + "alert":
        raise ParseError(f"根元素应为 CAP 1.2 的 alert（{NS}）", f"The root element must be a CAP 1.2 alert ({NS}).")
    identifier, sender, sent_raw = _t(root, "identifier"), _t(root, "sender"), _t(root, "sent")
    if not identifier:
        raise ParseError("缺少 identifier", "identifier is missing.")
    try:
        identifier_validator(identifier)
    except Exception:
        raise ParseError(f"identifier“{identifier[:40]}”不符合 GB/T 35965.1（如 31010500000000_20261129080000_1）",
                         f"identifier {identifier[:40]!r} is not GB/T 35965.1 (e.g. 31010500000000_20261129080000_1).") from None
    if not sender:
        raise ParseError("缺少 sender", "sender is missing.")
    sent = _time(sent_raw, "sent")
    status, msg_type = _t(root, "status"), _t(root, "msgType")
    if status not in STATUSES:
        raise ParseError("status 应为 Actual/Exercise/System/Test", "status must be Actual/Exercise/System/Test.")
    if msg_type not in MSG_TYPES:
        raise ParseError("msgType 应为 Alert/Update/Cancel", "msgType must be Alert/Update/Cancel.")
    references = []
    for triple in _t(root, "references").split():
        parts = triple.split(",")
        if len(parts) != 3:
            raise ParseError(f"references 中的“{triple[:60]}”应为“发送方,标识,发送时间”",
                             f"references entry {triple[:60]!r} is not 'sender,identifier,sent'.")
        references.append(tuple(parts))
    if msg_type in ("Update", "Cancel") and not references:
        raise ParseError(f"{msg_type} 消息必须用 references 指明所更新或撤销的预警",
                         f"An {msg_type} must name the alerts it replaces in references.")
    alert = {"identifier": identifier, "sender": sender[:100], "sent": sent, "sent_raw": sent_raw, "status": status,
             "msg_type": msg_type, "references": references}
    infos = root.findall(Q + "info")
    if msg_type == "Cancel" and not infos:
        return {**alert, "info": None}
    if not infos:
        raise ParseError("缺少 info 块", "The alert has no info block.")
    shown = next((i for i in infos if _t(i, "language").lower().startswith("zh")), infos[0])
    alert["language"] = (_t(shown, "language") or "en-US")[:10]
    alert["other_infos"] = [_info_json(i) for i in infos if i is not shown]
    event_code, event_name = _event_type(shown)
    effective = _time(_t(shown, "effective"), "effective", required=False) or sent
    onset = _time(_t(shown, "onset"), "onset", required=False) or effective
    expires = _time(_t(shown, "expires"), "expires")
    if expires <= onset:
        raise ParseError("expires 应晚于 onset", "expires must be later than onset.")
    headline = _t(shown, "headline") or _t(shown, "event")
    shapes, geocodes, descs = [], [], []
    for area in shown.findall(Q + "area"):
        descs.append(_t(area, "areaDesc"))
        shapes += [_polygon(text) for text in _all(area, "polygon")]
        shapes += [_circle(text) for text in _all(area, "circle")]
        geocodes += [value for _name, value in _values(area, "geocode") if value]
    from_codes = _geocode_area(geocodes) if geocodes else None
    if from_codes is not None:
        shapes.append(from_codes)
    if not shapes:
        if geocodes:
            raise ParseError(f"地理编码 {', '.join(geocodes)[:80]} 不属于长宁区的街镇（如 310105001000 或 310105）",
                             f"Geocodes {', '.join(geocodes)[:80]} name no street of Changning (e.g. 310105001000 or 310105).")
        raise ParseError("预警没有区域：需要 polygon、circle 或 geocode", "The alert has no area: polygon, circle or geocode.")
    merged = shapes[0]
    for shape in shapes[1:]:
        merged = merged.union(shape)
    alert["info"] = {
        "event_type": event_code, "event_name": event_name, "level": _level(shown, _t(shown, "event")),
        "urgency": (_t(shown, "urgency") or "Expected")[:12], "certainty": (_t(shown, "certainty") or "Likely")[:12],
        "headline": headline[:200], "description": _t(shown, "description") or headline,
        "instruction": _t(shown, "instruction"), "effective": effective, "onset": onset, "expires": expires,
        "area_desc": ("；".join(d for d in descs if d) or "长宁区")[:200], "geom": _as_multipolygon(merged),
        "geocodes": geocodes,
    }
    return alert


class WeatherWarningsAdapter(Adapter):
    name = "weather-warnings"
    title = "气象预警"
    title_en = "Weather warnings"
    agency = "市应急局"
    direction = "both"
    interval = timedelta(minutes=30)
    content_types = ("application/cap+xml", "application/xml", "text/xml")
    one_per_message = True

    def split(self, raw: str) -> list[str]:
        return [raw]  # one alert per message

    def guess_source_id(self, raw: str) -> str:
        found = re.search(r"<(?:\w+:)?identifier>\s*([^<]{1,60})<", raw)
        return found.group(1).strip() if found else ""

    def parse_item(self, raw: str) -> Item:
        alert = parse_alert(raw)
        return Item(source_id=f"{alert['sender']},{alert['identifier']},{alert['sent_raw']}"[:200], data=alert)

    def apply(self, item: Item, *, existing, actor, message) -> Applied:
        alert = item.data
        ended = self._end_referenced(alert, message)
        if alert["msg_type"] == "Cancel":
            if not ended:
                raise ParseError("撤销的预警在本平台不存在（references 未匹配）",
                                 "The cancelled alerts are not known here (references match nothing).")
            return Applied(target=ended[0], others=ended[1:])
        info = alert["info"]
        fields = {key: info[key] for key in ("event_type", "event_name", "level", "urgency", "certainty", "headline",
                                             "description", "instruction", "effective", "onset", "expires",
                                             "area_desc", "geom", "geocodes")}
        fields.update(sender=alert["sender"], sent=alert["sent"], status=alert["status"], msg_type=alert["msg_type"],
                      references=" ".join(",".join(t) for t in alert["references"])[:200],
                      language=alert["language"], other_infos=alert["other_infos"], source_message=message)
        warning = Warning.objects.select_for_update().filter(identifier=alert["identifier"]).first()
        if warning is None:
            warning = Warning(identifier=alert["identifier"], state=Warning.State.ACTIVE)
        for key, value in fields.items():
            setattr(warning, key, value)
        warning.full_clean(exclude=["source_message"])
        warning.save()
        return Applied(target=warning, others=ended)

    @staticmethod
    def _end_referenced(alert, message) -> list[Warning]:
        """Referenced warnings are superseded (Update) or cancelled (Cancel) as of this message's
        sent time: their `expires` is brought forward to it, so every reader of `expires` (the
        layer's `active`, the wall, the exposure lists) stops showing them."""
        state = Warning.State.CANCELLED if alert["msg_type"] == "Cancel" else Warning.State.SUPERSEDED
        ended = []
        for sender, identifier, _sent in alert["references"]:
            warning = Warning.objects.select_for_update().filter(identifier=identifier, sender=sender[:100]).first()
            if warning is None or warning.identifier == alert["identifier"]:
                continue
            warning.state = state
            warning.ended_at = alert["sent"]
            warning.ended_by = alert["identifier"]
            warning.expires = min(warning.expires, alert["sent"])
            warning.save(update_fields=["state", "ended_at", "ended_by", "expires"])
            ended.append(warning)
        return ended
