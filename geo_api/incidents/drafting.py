"""The text of an upward report drafted from the event (the desk edits it before submitting).

Always Chinese whatever the desk language: it is an official document to the district and the
city. Contents follow the initial-report list in code-lists.md (接报时间, 信息来源, 事发时间,
事发地点, 事件性质, 人员伤亡, 已采取的措施, 发展趋势); a follow-up says what changed since the
previous report; the final report summarises facts, response and current state."""
from django.utils import timezone

from geo_api.reference.codes import Severity
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.selectors import timeline_for_event

ROMAN = {1: "Ⅰ级（特别重大）", 2: "Ⅱ级（重大）", 3: "Ⅲ级（较大）", 4: "Ⅳ级（一般）"}
STATUS_ZH = {"reported": "已接报", "verified": "已核实", "responding": "应急处置中", "recovering": "恢复重建中",
             "closed": "响应已结束", "dismissed": "已作废", "archived": "已归档"}
SOURCE_ZH = {"phone": "电话报告", "hotline_12345": "12345热线", "police_110": "110联动", "fire_119": "119指挥中心",
             "ambulance_120": "120急救中心", "city_ops": "区城运中心", "city_bureau": "市应急管理局",
             "grid": "街道网格员", "field": "现场人员", "other": "其他"}
CHINESE_NUMBERS = "一二三四五六七八九十"


def _t(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def _number(n: int) -> str:
    return CHINESE_NUMBERS[n - 1] if 1 <= n <= 10 else str(n)


def title_of(kind: str, number: int) -> str:
    return {"initial": "首报", "final": "终报"}.get(kind) or f"续报{_number(number)}"


def _measures(event) -> list[str]:
    lines = []
    for entry in timeline_for_event(event.pk):
        if entry.kind in (TimelineEntry.Kind.TRANSITION, TimelineEntry.Kind.INSTRUCTION):
            what = STATUS_ZH.get(entry.to_state, entry.transition or entry.kind)
            lines.append(f"{_t(entry.at)} {what}{'：' + entry.reason if entry.reason else ''}")
    return lines


def _follow_ups(event, since) -> list[str]:
    rows = event.reports.filter(kind="follow_up")
    if since is not None:
        rows = rows.filter(received_at__gt=since)
    return [f"{_t(r.received_at)} {r.text}" + (f"（伤亡人数更新为{r.casualties}人）" if r.casualties is not None else "")
            for r in rows.order_by("received_at", "id")]


def draft_text(event, kind: str, number: int = 1, since=None) -> str:
    """The draft of report `kind` (initial / follow_up / final), `number` for follow-ups,
    `since` = when the previous report went up (a follow-up reports only what changed)."""
    prefix = "【演练】" if event.is_drill else ""
    head = f"{prefix}关于{event.title}的{title_of(kind, number)}（{event.code}）"
    source = SOURCE_ZH.get(event.source, "") or "—"
    if event.reporter:  # "街道网格员" + "街道网格员王某" says it once
        source = event.reporter if source == "—" or event.reporter.startswith(source) else f"{source}（{event.reporter}）"
    place = event.address or "—"
    if event.district_id:
        place = f"{event.district.name} {place}"
    basics = [
        f"接报时间：{_t(event.reported_at)}",
        f"信息来源：{source}",
        f"事发时间：{_t(event.occurred_at)}",
        f"事发地点：{place}",
        f"事件性质：{event.event_type}，{ROMAN.get(event.severity, Severity(event.severity).label)}",
        f"人员伤亡：{event.casualties}人" if event.casualties else "人员伤亡：暂无人员伤亡报告",
    ]
    measures = _measures(event)
    if kind == "initial":
        body = basics + [f"基本情况：{event.description or '—'}",
                         "已采取的措施：" + ("；".join(measures) if measures else "值班室已接报，正在核实"),
                         f"发展趋势：{STATUS_ZH.get(event.status, event.status)}，续报跟进"]
    elif kind == "follow_up":
        changes = _follow_ups(event, since)
        body = [f"事件编号：{event.code}", f"当前状态：{STATUS_ZH.get(event.status, event.status)}",
                basics[-1], "新进展：" + ("；".join(changes) if changes else "无新增情况"),
                "处置措施：" + ("；".join(measures) if measures else "—")]
    else:
        body = basics + [f"事件经过：{event.description or '—'}",
                         "处置情况：" + ("；".join(measures) if measures else "—"),
                         f"当前状态：{STATUS_ZH.get(event.status, event.status)}，响应结束时间 {_t(event.closed_at)}",
                         "下一步工作：做好善后处置和总结评估"]
    return "\n".join([head, *body])
