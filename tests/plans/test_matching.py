"""The matching rules one by one, on plain facts (geo_api/plans/matching.py is pure)."""
from datetime import date

import pytest
from django.utils import translation

from geo_api.plans.matching import EventFacts, PlanFacts, match_plan, rank_plans

HONGQIAO, JIANGSU = 9, 2


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def event(**kw):
    base = dict(category="ACCIDENT", event_type="危险化学品泄漏", severity=3, district_id=HONGQIAO,
                district_name="虹桥街道", on=date(2026, 11, 24))
    return EventFacts(**{**base, **kw})


def plan(**kw):
    base = dict(id=1, code="P1", title="危险化学品事故应急预案", plan_type="special", event_types=("危险化学品泄漏",),
                area_scope="district", district_id=None, district_name="", valid_from=date(2024, 1, 1),
                valid_until=None, levels={1: 1, 2: 2, 3: 3, 4: 4})
    return PlanFacts(**{**base, **kw})


def rule(match, name):
    return next(r for r in match.rules if r.rule == name)


def test_type_exact_group_and_category_all_cover_the_type_with_decreasing_points():
    exact = rule(match_plan(event(), plan()), "type")
    group = rule(match_plan(event(), plan(event_types=("ACCIDENT.WORK_SAFETY",))), "type")
    category = rule(match_plan(event(), plan(event_types=("ACCIDENT",))), "type")
    assert exact.passed and group.passed and category.passed
    assert exact.points > group.points > category.points
    assert "危险化学品泄漏" in exact.why
    assert "生产安全事故" in group.why and "危险化学品泄漏" in group.why
    assert "事故灾难" in category.why


def test_type_of_another_subtree_fails_and_says_what_the_plan_covers():
    m = match_plan(event(), plan(event_types=("NATURAL.FLOOD_DROUGHT", "台风")))
    r = rule(m, "type")
    assert not r.passed and r.points == 0 and not m.matched
    assert "水旱灾害" in r.why and "台风" in r.why and "危险化学品泄漏" in r.why


def test_a_type_does_not_cover_its_sibling_nor_its_parent():
    assert not rule(match_plan(event(event_type="火灾"), plan()), "type").passed
    # an event recorded only by its category is not covered by a plan for one type below it
    assert not rule(match_plan(event(event_type=""), plan()), "type").passed
    assert rule(match_plan(event(event_type=""), plan(event_types=("ACCIDENT",))), "type").passed


def test_severity_maps_to_the_plans_response_level():
    m = match_plan(event(severity=3), plan(levels={1: 1, 2: 1, 3: 2, 4: 3}))
    r = rule(m, "severity")
    assert r.passed and m.response_level == 2
    assert "Ⅲ" in r.why and "Ⅱ" in r.why


def test_severity_without_a_level_fails_naming_what_the_plan_covers():
    m = match_plan(event(severity=4), plan(levels={1: 1, 2: 2}))
    r = rule(m, "severity")
    assert not r.passed and m.response_level is None and not m.matched
    assert "Ⅳ" in r.why and "Ⅰ、Ⅱ" in r.why


def test_area_street_district_and_city():
    street = match_plan(event(), plan(area_scope="street", district_id=HONGQIAO, district_name="虹桥街道"))
    other = match_plan(event(), plan(area_scope="street", district_id=JIANGSU, district_name="江苏路街道"))
    district = match_plan(event(), plan(area_scope="district"))
    city = match_plan(event(), plan(area_scope="city"))
    assert rule(street, "area").passed and "虹桥街道" in rule(street, "area").why
    assert not rule(other, "area").passed
    assert "江苏路街道" in rule(other, "area").why and "虹桥街道" in rule(other, "area").why
    assert rule(district, "area").passed and "长宁区" in rule(district, "area").why, rule(district, "area").why
    assert rule(city, "area").passed
    assert rule(street, "area").points > rule(district, "area").points > rule(city, "area").points


def test_area_street_plan_fails_for_an_event_with_no_street():
    m = match_plan(event(district_id=None, district_name=""), plan(area_scope="street", district_id=HONGQIAO,
                                                                  district_name="虹桥街道"))
    assert not rule(m, "area").passed


def test_validity_before_start_after_end_and_open_ended():
    early = rule(match_plan(event(on=date(2023, 12, 31)), plan()), "validity")
    expired = rule(match_plan(event(), plan(valid_until=date(2025, 12, 31))), "validity")
    last_day = rule(match_plan(event(on=date(2025, 12, 31)), plan(valid_until=date(2025, 12, 31))), "validity")
    open_ended = rule(match_plan(event(), plan()), "validity")
    assert not early.passed and "2024-01-01" in early.why
    assert not expired.passed and "2025-12-31" in expired.why and "2026-11-24" in expired.why
    assert last_day.passed and open_ended.passed


def test_every_rule_is_reported_even_when_one_fails():
    m = match_plan(event(), plan(event_types=("NATURAL",), valid_until=date(2020, 1, 1), valid_from=date(2019, 1, 1)))
    assert [r.rule for r in m.rules] == ["type", "severity", "area", "validity"]
    assert [r.rule for r in m.failed] == ["type", "validity"]
    assert m.score == 0


def test_ranking_puts_the_specific_fit_first_and_excluded_plans_last():
    plans = [
        plan(id=1, code="OVERALL", plan_type="overall", event_types=("NATURAL", "ACCIDENT", "PUBLIC_HEALTH",
                                                                      "SOCIAL_SECURITY")),
        plan(id=2, code="HAZCHEM", event_types=("危险化学品泄漏",)),
        plan(id=3, code="FLOOD", event_types=("NATURAL.FLOOD_DROUGHT",)),
        plan(id=4, code="STREET", event_types=("ACCIDENT",), area_scope="street", district_id=HONGQIAO,
             district_name="虹桥街道"),
        plan(id=5, code="EXPIRED", event_types=("危险化学品泄漏",), valid_until=date(2025, 1, 1)),
    ]
    ranked = rank_plans(event(), plans)
    assert [m.plan.code for m in ranked if m.matched] == ["HAZCHEM", "STREET", "OVERALL"]
    assert [m.plan.code for m in ranked if not m.matched] == ["EXPIRED", "FLOOD"]  # one rule failed each
    assert all(not m.matched for m in ranked[3:])
    scores = [m.score for m in ranked]
    assert scores == sorted(scores, reverse=True)


def test_explanations_in_english_too():
    with translation.override("en"):
        r = rule(match_plan(event(), plan(event_types=("NATURAL",))), "type")
    assert "not to 危险化学品泄漏" in r.why
