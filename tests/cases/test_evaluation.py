"""Plan evaluation: only after close; the ratings must cover exactly the actions the activation
pushed; kept with the plan version and shown on the plan page; the desk form on the case page."""
import pytest

from geo_api.cases.models import Case
from geo_api.plans.evaluation_models import PlanEvaluation
from geo_api.plans.models import PlanAction

from .world import client_for, post, worked_event

pytestmark = pytest.mark.django_db


def level_three_actions(w):
    return list(PlanAction.objects.filter(response__version__plan_id=w["plan"]["id"], response__response_level=3)
                .order_by("order"))


def body_for(w, actions, **extra):
    return {"activation": w["activation"]["id"],
            "ratings": [{"action": a.pk, "rating": "useful", "note": ""} for a in actions], **extra}


def test_only_after_close(db):
    w = worked_event(close=False)
    response = post(client_for(w["people"]["commander"]), f"/api/plans/{w['plan']['id']}/evaluations/",
                    body_for(w, level_three_actions(w)))
    assert response.status_code == 409 and "关闭" in response.json()["detail"] or response.status_code == 409


def test_ratings_must_cover_the_actions_of_that_activation(db):
    w = worked_event()
    client, url = client_for(w["people"]["commander"]), f"/api/plans/{w['plan']['id']}/evaluations/"
    actions = level_three_actions(w)
    other_level = PlanAction.objects.get(response__version__plan_id=w["plan"]["id"], response__response_level=4)
    response = post(client, url, body_for(w, [*actions, other_level]))
    assert response.status_code == 400 and f"ratings[2].action" in response.json()["errors"]
    response = post(client, url, body_for(w, actions[:1]))
    assert response.status_code == 400 and response.json()["unrated"] == [actions[1].pk]
    response = post(client, url, {**body_for(w, actions), "ratings": [{"action": actions[0].pk, "rating": "great"},
                                                                      {"action": actions[1].pk, "rating": "late"}]})
    assert response.status_code == 400 and "ratings[0].rating" in response.json()["errors"]
    assert not PlanEvaluation.objects.exists()

    good = body_for(w, actions, proposed_actions=[{"title": "通知周边学校停课", "department": w["departments"]["HQJD"].pk,
                                                   "note": "下风向有两所小学"}], summary="疏散及时，监测偏晚")
    good["ratings"][1]["rating"] = "late"
    response = post(client, url, good)
    assert response.status_code == 201, response.content
    body = response.json()
    assert [r["rating"] for r in body["ratings"]] == ["useful", "late"] and body["version"] == 1
    assert body["proposed_actions"][0]["department_name"] == "虹桥街道办事处"
    assert post(client, url, good).status_code == 409  # once per activation
    assert client.get(url).json()["evaluations"][0]["id"] == body["id"]

    # Shown on the plan page, where the next version is imported.
    page = client.get(f"/plans/{w['plan']['id']}/").content.decode()
    assert 'id="plan-evaluations"' in page and "通知周边学校停课" in page and "疏散及时，监测偏晚" in page


def test_liaison_may_not_evaluate(db):
    w = worked_event()
    response = post(client_for(w["people"]["liaison"]), f"/api/plans/{w['plan']['id']}/evaluations/",
                    body_for(w, level_three_actions(w)))
    assert response.status_code == 403


def test_desk_form_on_the_case_page(db):
    w = worked_event()
    case = Case.objects.get(event=w["event"])
    client = client_for(w["people"]["commander"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="evaluation-form"' in page
    actions = level_three_actions(w)
    form = {"activation": w["activation"]["id"], "summary": "总体有效", "proposed_title_0": "增设下风向监测点"}
    form.update({f"rating_{a.pk}": "useful" for a in actions})
    missing = client.post(f"/cases/{case.pk}/evaluation/", {**form, f"rating_{actions[0].pk}": ""})
    assert missing.status_code == 400 and 'data-testid="evaluation-error"' in missing.content.decode()
    done = client.post(f"/cases/{case.pk}/evaluation/", form)
    assert done.status_code == 302
    evaluation = PlanEvaluation.objects.get()
    assert evaluation.proposals.get().title == "增设下风向监测点" and evaluation.summary == "总体有效"
    assert "增设下风向监测点" in client.get(f"/cases/{case.pk}/").content.decode()
