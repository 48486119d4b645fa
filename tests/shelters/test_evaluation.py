"""场所评估: the conclusion is computed from the indicator results by the rule in
geo_api/shelters/evaluation.py, never typed; a veto fails the shelter."""
import pytest

from geo_api.shelters import evaluation
from geo_api.shelters.evaluation import BASIC, INDICATORS, QUALIFIED, UNQUALIFIED, conclude
from geo_api.shelters.models import Shelter, ShelterEvaluation
from tests import factories

from .conftest import ALL_MET, post

GENERAL = [i.code for i in INDICATORS if i.kind == "general"]
IMPORTANT = [i.code for i in INDICATORS if i.kind == "important"]
VETO = [i.code for i in INDICATORS if i.kind == "veto"]


def results(*not_met):
    return {**ALL_MET, **{code: "not_met" for code in not_met}}


def test_the_catalogue_covers_the_five_items_and_three_kinds():
    assert [code for code, _label in evaluation.ITEMS] == ["site", "function", "traffic", "capacity", "management"]
    assert {i.item for i in INDICATORS} == {code for code, _l in evaluation.ITEMS}
    assert VETO and IMPORTANT and GENERAL and len(evaluation.BY_CODE) == len(INDICATORS)


@pytest.mark.parametrize("not_met,expected", [
    ((), QUALIFIED),
    ((GENERAL[0],), QUALIFIED),                  # 1 of 7 general ≤ 20 %
    (tuple(GENERAL[:2]), BASIC),                 # 2 of 7 general > 20 %
    ((IMPORTANT[0],), BASIC),                    # an important indicator not met
    (tuple(IMPORTANT + GENERAL), BASIC),         # no veto: improve, not revoke
    ((VETO[0],), UNQUALIFIED),                   # one veto decides
    ((VETO[-1], GENERAL[0]), UNQUALIFIED),
])
def test_conclusions_from_indicator_results(not_met, expected):
    outcome = conclude(evaluation.clean_results(results(*not_met)))
    assert outcome.conclusion == expected
    assert sorted(outcome.unmet["veto"] + outcome.unmet["important"] + outcome.unmet["general"]) == sorted(not_met)


@pytest.mark.django_db
def test_post_evaluation_answers_the_computed_conclusion_and_the_shelter_takes_it(as_role):
    shelter = factories.shelter(1, designation_status="filed")
    commander = as_role("commander")
    response = post(commander, f"/api/shelters/{shelter.pk}/evaluations/",
                    {"results": results(VETO[0]), "evaluated_on": "2026-11-28", "team": "区评估组",
                     "conclusion": "qualified"})
    assert response.status_code == 400 and "conclusion" in response.json()["errors"]  # never typed
    response = post(commander, f"/api/shelters/{shelter.pk}/evaluations/",
                    {"results": results(VETO[0]), "evaluated_on": "2026-11-28", "team": "区评估组"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["conclusion"], body["unmet"]["veto"]) == (UNQUALIFIED, [VETO[0]])
    shelter.refresh_from_db()
    assert (shelter.designation_status, shelter.evaluation_conclusion) == ("evaluated", UNQUALIFIED)
    again = post(commander, f"/api/shelters/{shelter.pk}/evaluations/", {"results": ALL_MET})
    assert again.json()["conclusion"] == QUALIFIED
    shelter.refresh_from_db()
    assert shelter.evaluation_conclusion == QUALIFIED
    listed = commander.get(f"/api/shelters/{shelter.pk}/evaluations/").json()
    assert [e["conclusion"] for e in listed["evaluations"]] == [QUALIFIED, UNQUALIFIED]
    assert len(listed["indicators"]) == len(INDICATORS)


@pytest.mark.django_db
def test_incomplete_or_bad_results_are_refused_and_nothing_is_recorded(as_role):
    shelter = factories.shelter(2, designation_status="filed")
    commander = as_role("commander")
    partial = {k: v for k, v in ALL_MET.items() if k != "S1"}
    for bad, field in ((partial, "S1"), ({**ALL_MET, "X9": "met"}, "X9"), ({**ALL_MET, "S2": "maybe"}, "S2")):
        response = post(commander, f"/api/shelters/{shelter.pk}/evaluations/", {"results": bad})
        assert response.status_code == 400 and field in response.json()["errors"], response.json()
    assert post(commander, f"/api/shelters/{shelter.pk}/evaluations/", {"results": "all good"}).status_code == 400
    assert not ShelterEvaluation.objects.exists()


@pytest.mark.django_db
def test_only_a_filed_shelter_is_evaluated_and_only_by_the_bureau(as_role):
    collected = factories.shelter(3, designation_status="collected")
    commander = as_role("commander")
    early = post(commander, f"/api/shelters/{collected.pk}/evaluations/", {"results": ALL_MET})
    assert early.status_code == 409 and early.json()["state"] == "collected"
    filed = factories.shelter(4, designation_status="filed")
    assert post(as_role("shelter_staff"), f"/api/shelters/{filed.pk}/evaluations/", {"results": ALL_MET}).status_code == 403
    assert not ShelterEvaluation.objects.exists()
    assert Shelter.objects.get(pk=filed.pk).evaluation_conclusion == ""
