"""What the duty desk did with the demo events: the calls received (a few incidents were called in
more than once and stay one event), follow-ups from the site, and the upward reports to the
district and the city with their deadlines (geo_api/incidents/deadlines.py): most submitted in
time, a few recent ones still open, some of those already overdue, so the desk shows all three."""
from datetime import timedelta

from geo_api.incidents import deadlines
from geo_api.incidents.drafting import ROMAN, SOURCE_ZH, STATUS_ZH
from geo_api.incidents.models import EventReport, UpwardReport

from .base import Context, Table

SECOND_CALLS = ("又有群众来电反映同一情况，称现场仍有{x}。", "附近商户来电，反映{x}，请求尽快处置。")
SEEN = {"火灾": "浓烟", "危险化学品泄漏": "刺激性气味", "燃气泄漏": "燃气味", "暴雨": "积水", "供水管道爆裂": "路面冒水"}
FOLLOW_UPS = ("现场处置力量已到达，正在开展处置。", "现场已划定警戒区域，交通临时管制。", "险情已基本控制，继续监测。",
              "伤员已送医救治，情况稳定。", "相关部门已到场，正在开展善后工作。")
STARTED = {"responding", "recovering", "closed", "archived"}
FINISHED = {"closed", "archived"}


def _fmt(value, ctx: Context) -> str:
    return value.astimezone(ctx.local.tzinfo).strftime("%Y-%m-%d %H:%M") if value else "—"


def _source(e: dict) -> str:
    label, who = SOURCE_ZH.get(e["source"], "—"), e["reporter"]
    return who if who.startswith(label) or not label else f"{label}（{who}）"


def _text(e: dict, kind: str, number: int, ctx: Context) -> str:
    title = {"initial": "首报", "final": "终报"}.get(kind, f"续报{'一二三四五'[number - 1]}")
    lines = [f"{'【演练】' if e['is_drill'] else ''}关于{e['title']}的{title}（{e['code']}）",
             f"接报时间：{_fmt(e['reported_at'], ctx)}", f"信息来源：{_source(e)}",
             f"事发时间：{_fmt(e['occurred_at'], ctx)}", f"事发地点：{e['address']}",
             f"事件性质：{e['event_type']}，{ROMAN[e['severity']]}",
             f"人员伤亡：{e['casualties']}人" if e["casualties"] else "人员伤亡：暂无人员伤亡报告",
             f"基本情况：{e['description']}", f"当前状态：{STATUS_ZH[e['status']]}"]
    return "\n".join(lines)


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("event_reports")
    reports, upward = [], []
    for e in ctx.shared["events"]:
        reported = e["reported_at"]
        reports.append((len(reports) + 1, e["id"], "call", reported, e["source"], e["reporter"], e["description"],
                        e["casualties"], e["address"]))
        if e["event_type"] in SEEN and not e["is_drill"] and rng.random() < 0.5:
            at = min(reported + timedelta(minutes=rng.randint(4, 25)), ctx.reference)
            reports.append((len(reports) + 1, e["id"], "call", at, "hotline_12345", "群众",
                            rng.choice(SECOND_CALLS).format(x=SEEN[e["event_type"]]), None, ""))
        if e["status"] in STARTED:
            end = e["closed_at"] or ctx.reference
            for n in range(rng.randint(1, 2)):
                at = reported + (end - reported) * (n + 1) / 3
                reports.append((len(reports) + 1, e["id"], "follow_up", at, "field", "现场人员", FOLLOW_UPS[(e["id"] + n) % 5],
                                e["casualties"] if n else None, ""))
        if e["status"] == "dismissed":
            continue  # a false report goes nowhere
        for recipient in ("district", "city"):
            due = deadlines.due_at("initial", recipient, e["severity"], reported)
            if due is None:
                continue
            minutes = deadlines.minutes_for("initial", recipient, e["severity"])
            # Reports older than their deadline were submitted in time; the newest ones still wait.
            if due < ctx.reference or e["status"] not in ("reported", "verified"):
                submitted = min(reported + timedelta(minutes=rng.uniform(8, minutes - 2)), ctx.reference)
            else:
                submitted = None
            if e["status"] == "reported" and rng.random() < 0.5 and due < ctx.reference:
                submitted = None  # overdue: the desk must chase it
            overdue = due + timedelta(minutes=1) if submitted is None and due < ctx.reference else None
            upward.append((len(upward) + 1, e["id"], "initial", recipient, 1, _text(e, "initial", 1, ctx), due,
                           submitted, overdue))
            if e["status"] in FINISHED and submitted is not None:
                final_due = deadlines.due_at("final", recipient, e["severity"], e["closed_at"])
                final_at = min(e["closed_at"] + timedelta(hours=rng.uniform(2, 40)), ctx.reference)
                upward.append((len(upward) + 1, e["id"], "final", recipient, 1, _text(e, "final", 1, ctx), final_due,
                               final_at, None))
    return [
        Table(EventReport, ("id", "event_id", "kind", "received_at", "source", "reporter", "text", "casualties", "address",
                            "reporter_phone"), [(*row, "") for row in reports]),
        Table(UpwardReport, ("id", "event_id", "kind", "recipient", "number", "text", "due_at", "submitted_at",
                             "overdue_at"), upward),
    ]
