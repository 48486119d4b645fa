"""The duty desk: the bureau's 24-hour duty (上一休三, a leader and two officers per shift) and the
City Operations Center's joint watch (四班三倒, leaders on holidays), with rosters for the month
before, of and after the reference instant, so "on duty now" answers right after `make run`. The
demo accounts `duty_officer` and `commander` are on the roster (by username): the duty officer is
on today's 24-hour shift, led by the commander."""
import enum
import json
from datetime import date, datetime, time, timedelta

from geo_api.common.errors import InvalidInput
from geo_api.duty import calendar as cal
from geo_api.duty.models import DutyPerson, LogEntry, Roster, Shift, ShiftMember, ShiftTemplate, TemplateMember
from geo_api.duty.services import template_plan

from . import names
from .base import Context, Table

BUREAU = "长宁区应急管理局"
COC = "长宁区城运中心"
# (template, organisation, slots, groups, leader rule, officers per group, day start)
TEMPLATES = (
    ("区应急局总值班（上一休三）", BUREAU, [{"name": "全天", "hours": 24}], 4, ShiftTemplate.LeaderRule.EVERY_SHIFT, 2,
     time(8, 30)),
    ("区城运中心联合值守（四班三倒）", COC, [{"name": "早班", "hours": 8}, {"name": "中班", "hours": 8},
                                   {"name": "夜班", "hours": 8}], 4, ShiftTemplate.LeaderRule.HOLIDAYS, 2, time(8, 0)),
)
LOG_LINES = (
    (LogEntry.Kind.CHECK, "08:45", "与区城运中心、区消防救援支队完成值班电话点名，通讯正常。", False),
    (LogEntry.Kind.NOTICE, "09:20", "转发市应急管理局关于做好寒潮防范工作的通知至各街道、镇。", False),
    (LogEntry.Kind.CALL, "10:05", "新华路街道来电报告番禺路一处施工围挡松动，已通知区建管委核查。", True),
    (LogEntry.Kind.INSTRUCTION, "11:30", "带班领导要求：今晚重点关注虹桥机场周边道路结冰情况，22:00前回报。", True),
)


def _month(day: date, delta: int) -> date:
    first = day.replace(day=1)
    for _ in range(abs(delta)):
        first = (first - timedelta(days=1)).replace(day=1) if delta < 0 else (first + timedelta(days=32)).replace(day=1)
    return first


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("duty")
    local = ctx.reference.astimezone(cal.SHANGHAI)
    people, templates, members, rosters, shifts, shift_members, log = [], [], [], [], [], [], []
    used_names = set()

    def person(organisation, title, username=""):
        while True:
            name = names.person(rng)
            if name not in used_names:
                used_names.add(name)
                break
        people.append((len(people) + 1, name, names.mobile(rng), organisation, title, username, True))
        return DutyPerson(id=len(people), name=name)

    current_shift_ids = []
    for t_index, (title, organisation, slots, groups, leader_rule, officers, day_start) in enumerate(TEMPLATES, 1):
        # The rotation is anchored on today's duty day, so group 0 (where the demo accounts
        # sit in the bureau's template) is on duty at the reference instant.
        duty_day = local.date() - timedelta(days=1) if local.time() < day_start else local.date()
        template = ShiftTemplate(id=t_index, name=title, day_start=day_start, slots=slots, groups=groups,
                                 anchor_date=duty_day, days=ShiftTemplate.Days.EVERY_DAY, leader_rule=leader_rule,
                                 officers_per_shift=officers)
        templates.append((t_index, title, day_start, json.dumps(slots, ensure_ascii=False), groups, duty_day,
                          template.days, leader_rule, officers))
        t_members = []
        for group in range(groups):
            demo = t_index == 1 and group == 0
            leader = person(organisation, "带班领导" if t_index == 1 else "值班长", "commander" if demo else "")
            t_members.append(TemplateMember(template=template, person=leader, role=TemplateMember.Role.LEADER,
                                            offset=group))
            for k in range(officers):
                officer = person(organisation, "值班员" if t_index == 1 else "调度员",
                                 "duty_officer" if demo and k == 0 else "")
                t_members.append(TemplateMember(template=template, person=officer, role=TemplateMember.Role.OFFICER,
                                                offset=group))
        members += [(len(members) + i + 1, t_index, m.person.id, m.role, m.offset) for i, m in enumerate(t_members)]
        for delta in (-1, 0, 1):
            month = _month(duty_day, delta)
            try:
                plan = template_plan(template, month, members=t_members)
            except InvalidInput:
                continue  # the official calendar of a year not yet announced: no roster for it
            roster_id = len(rosters) + 1
            rosters.append((roster_id, t_index, month, ctx.reference, ctx.reference))
            for planned in plan:
                kind = cal.day_kind(planned.date)
                starts, ends = cal.shift_interval(planned.date, day_start, slots, planned.slot)
                shift_id = len(shifts) + 1
                shifts.append((shift_id, roster_id, planned.date, planned.slot, slots[planned.slot]["name"], starts, ends,
                               kind.is_holiday, kind.holiday_name, kind.is_adjusted_workday))
                if planned.leader_id:
                    shift_members.append((len(shift_members) + 1, shift_id, planned.leader_id, TemplateMember.Role.LEADER))
                for officer_id in planned.officer_ids:
                    shift_members.append((len(shift_members) + 1, shift_id, officer_id, TemplateMember.Role.OFFICER))
                if t_index == 1 and starts <= ctx.reference < ends:
                    current_shift_ids.append((shift_id, starts))
    on_duty_officer = next(p[1] for p in people if p[5] == "duty_officer")
    for shift_id, starts in current_shift_ids:
        for i, (kind, hhmm, text, is_open) in enumerate(LOG_LINES):
            at = datetime.combine(starts.date(), time.fromisoformat(hhmm), tzinfo=cal.SHANGHAI)
            if at < starts:
                at += timedelta(days=1)
            if at > ctx.reference:
                # Early in a shift: the open items (what a handover carries) are still there, just
                # recorded minutes ago rather than at their usual hour.
                if not is_open:
                    continue
                at = max(starts, ctx.reference - timedelta(minutes=5 * (len(LOG_LINES) - i)))
            log.append((len(log) + 1, shift_id, at, kind, text, is_open, f"{on_duty_officer}（duty_officer）"))
    def plain(rows):
        """Choices as their stored values (COPY would otherwise write an Enum's name)."""
        return [tuple(v.value if isinstance(v, enum.Enum) else v for v in row) for row in rows]

    people, templates, members, rosters, shifts, shift_members, log = map(
        plain, (people, templates, members, rosters, shifts, shift_members, log))
    return [
        Table(DutyPerson, ("id", "name", "phone", "organization", "title", "username", "active"), people),
        Table(ShiftTemplate, ("id", "name", "day_start", "slots", "groups", "anchor_date", "days", "leader_rule",
                              "officers_per_shift"), templates),
        Table(TemplateMember, ("id", "template_id", "person_id", "role", "offset"), members),
        Table(Roster, ("id", "template_id", "month", "generated_at", "updated_at"), rosters),
        Table(Shift, ("id", "roster_id", "date", "slot", "name", "starts_at", "ends_at", "is_holiday", "holiday_name",
                      "is_adjusted_workday"), shifts),
        Table(ShiftMember, ("id", "shift_id", "person_id", "role"), shift_members),
        Table(LogEntry, ("id", "shift_id", "at", "kind", "text", "is_open", "author_label"), log),
    ]
