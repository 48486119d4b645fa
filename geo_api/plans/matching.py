"""Which plans apply to an event, and why: a pure function over plain facts (no database), so each
rule is tested on its own and the desk, the API and the scenario read the same explanation.

Four rules, each passed or failed with a sentence a duty officer can check:
  type      one of the plan's event-type nodes is the event's type or above it (category, group)
  severity  one of the plan's response levels is triggered by the event's severity
  area      the plan covers the event's place: its street/town, the district, or the city
  validity  the plan is in force on the day of the event
A plan applies when all four pass. Applicable plans rank by how specifically they fit: the
exact type before its group before its category, a street's plan before the district's before
the city's, a special plan before an overall one; the score says how many points each rule gave."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .types import ROMAN, lineage, node_label

# Points: the more specific fit ranks first (index in the lineage: type, group, category).
TYPE_POINTS = (40, 25, 10)
AREA_POINTS = {"street": 30, "district": 20, "city": 10}
PLAN_TYPE_POINTS = {"special": 10, "department": 8, "unit": 6, "grassroots": 6, "overall": 2}


@dataclass(frozen=True)
class EventFacts:
    category: str
    event_type: str
    severity: int
    district_id: int | None
    district_name: str
    on: date


@dataclass(frozen=True)
class PlanFacts:
    id: int
    code: str
    title: str
    plan_type: str
    event_types: tuple[str, ...]
    area_scope: str              # city / district / street
    district_id: int | None
    district_name: str
    valid_from: date
    valid_until: date | None
    levels: dict[int, int] = field(default_factory=dict)  # severity → response level


@dataclass(frozen=True)
class Rule:
    rule: str
    passed: bool
    why: str
    points: int = 0

    def as_dict(self) -> dict:
        return {"rule": self.rule, "passed": self.passed, "why": self.why, "points": self.points}


@dataclass(frozen=True)
class Match:
    plan: PlanFacts
    rules: tuple[Rule, ...]
    response_level: int | None

    @property
    def matched(self) -> bool:
        return all(r.passed for r in self.rules)

    @property
    def score(self) -> int:
        return sum(r.points for r in self.rules) if self.matched else 0

    @property
    def failed(self) -> list[Rule]:
        return [r for r in self.rules if not r.passed]


def _type_rule(event: EventFacts, plan: PlanFacts) -> Rule:
    nodes = lineage(event.category, event.event_type)
    for depth, node in enumerate(nodes):
        if node in plan.event_types:
            points = TYPE_POINTS[min(depth, len(TYPE_POINTS) - 1)] + PLAN_TYPE_POINTS.get(plan.plan_type, 0)
            if depth == 0:
                why = _("The plan applies to %(type)s, the event's type.") % {"type": event.event_type}
            else:
                why = _("The plan applies to %(node)s, which includes %(type)s.") % {
                    "node": node_label(node), "type": event.event_type}
            return Rule("type", True, why, points)
    covered = "、".join(node_label(n) for n in plan.event_types) or _("no event type")
    return Rule("type", False, _("The plan applies to %(nodes)s, not to %(type)s.") % {
        "nodes": covered, "type": event.event_type or event.category})


def _severity_rule(event: EventFacts, plan: PlanFacts) -> tuple[Rule, int | None]:
    level = plan.levels.get(event.severity)
    severity = ROMAN.get(event.severity, str(event.severity))
    if level is None:
        defined = "、".join(ROMAN.get(s, str(s)) for s in sorted(plan.levels)) or _("none")
        return Rule("severity", False, _(
            "No response level of the plan is triggered by severity %(severity)s (it covers %(defined)s).") % {
            "severity": severity, "defined": defined}), None
    return Rule("severity", True, _("Severity %(severity)s triggers the plan's level %(level)s response.") % {
        "severity": severity, "level": ROMAN.get(level, str(level))}, 5 - level), level


def _area_rule(event: EventFacts, plan: PlanFacts) -> Rule:
    points = AREA_POINTS.get(plan.area_scope, 0)
    if plan.area_scope == "city":
        return Rule("area", True, _("The plan applies city-wide."), points)
    if plan.area_scope == "district":
        return Rule("area", True, _("The plan applies to the whole of Changning District."), points)
    if event.district_id is not None and event.district_id == plan.district_id:
        return Rule("area", True, _("The plan applies to %(street)s, where the event is.") % {
            "street": plan.district_name}, points)
    where = event.district_name or _("an unknown street")
    return Rule("area", False, _("The plan applies to %(street)s only; the event is in %(where)s.") % {
        "street": plan.district_name, "where": where})


def _validity_rule(event: EventFacts, plan: PlanFacts) -> Rule:
    day = event.on.isoformat()
    if event.on < plan.valid_from:
        return Rule("validity", False, _("The plan is in force only from %(start)s (the event is on %(day)s).") % {
            "start": plan.valid_from.isoformat(), "day": day})
    if plan.valid_until is not None and event.on > plan.valid_until:
        return Rule("validity", False, _("The plan expired on %(end)s (the event is on %(day)s).") % {
            "end": plan.valid_until.isoformat(), "day": day})
    if plan.valid_until is None:
        return Rule("validity", True, _("The plan is in force since %(start)s.") % {"start": plan.valid_from.isoformat()})
    return Rule("validity", True, _("The plan is in force from %(start)s to %(end)s.") % {
        "start": plan.valid_from.isoformat(), "end": plan.valid_until.isoformat()})


def match_plan(event: EventFacts, plan: PlanFacts) -> Match:
    severity, level = _severity_rule(event, plan)
    rules = (_type_rule(event, plan), severity, _area_rule(event, plan), _validity_rule(event, plan))
    return Match(plan, rules, level)


def rank_plans(event: EventFacts, plans: list[PlanFacts]) -> list[Match]:
    """Every plan with its verdict: applicable ones first, best fit first; then the excluded ones,
    those failing fewer rules first (the nearest misses are the ones worth reading)."""
    matches = [match_plan(event, plan) for plan in plans]
    return sorted(matches, key=lambda m: (not m.matched, -m.score, len(m.failed), m.plan.code))
