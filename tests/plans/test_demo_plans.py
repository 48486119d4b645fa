"""The demo plans load with the rest of the Changning demo data and are usable as loaded."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from data.generate import load
from geo_api.plans.models import Department, Plan, PlanVersion
from geo_api.plans.selectors import event_facts, plan_facts, published_plans, current_prefetch
from geo_api.plans.matching import rank_plans
from geo_api.incidents.models import Event

pytestmark = pytest.mark.django_db
REFERENCE = datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_demo_plans(db):
    counts = load(reference=REFERENCE)
    assert counts["plans.Plan"] == 6 and Department.objects.count() == 10
    titles = {p.current.title for p in Plan.objects.all()}
    assert {"长宁区危险化学品事故应急预案", "长宁区防汛防台专项应急预案", "长宁区火灾事故应急预案",
            "长宁区突发事件总体应急预案"} <= titles
    flagged = {p.code for p in Plan.objects.all() if p.drill_overdue(today=REFERENCE.date())}
    assert flagged == {"CN-ZX-HZ-2021", "CN-BM-RQ-2024"}
    whp = Plan.objects.get(code="CN-ZX-WHP-2023")
    assert [(v.number, v.superseded_at is None) for v in whp.versions.order_by("number")] == [(1, False), (2, True)]
    for version in PlanVersion.objects.all():
        version.full_clean()
        assert version.responses.exists() and all(r.actions.exists() for r in version.responses.all())
    leak = Event.objects.filter(event_type="危险化学品泄漏").first()
    if leak is not None:
        plans = list(published_plans().prefetch_related(current_prefetch("responses")))
        ranked = rank_plans(event_facts(leak), [plan_facts(p) for p in plans])
        assert ranked[0].plan.code in ("CN-ZX-WHP-2023", "CN-JC-HQ-2025") and ranked[0].matched
