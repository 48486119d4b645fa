"""The matches API with its explanations, the /plans/ desk pages, the event-desk panel with its
activate button, and /tasks/ with its htmx buttons."""
import json
from datetime import date, timedelta

import pytest
from django.test import Client

from geo_api.incidents.models import Event
from geo_api.tasks.models import Task
from tests import factories

from .world import plan_document, world

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def w(db):
    data = world()
    admin = client_for(data["people"]["admin"])
    old_drill = (date.today() - timedelta(days=4 * 365)).isoformat()
    docs = [
        plan_document(),
        plan_document(code="CN-ZX-FLOOD", title="长宁区防汛防台专项应急预案", event_types=["NATURAL.FLOOD_DROUGHT", "台风"],
                      last_drilled_on=old_drill),
        plan_document(code="CN-ZT", title="长宁区突发事件总体应急预案", event_types=["NATURAL", "ACCIDENT"]),
        plan_document(code="CN-HQ", title="虹桥街道危险化学品事故处置方案", area_scope="street", district="310105009000"),
    ]
    data["plans"] = {}
    for doc in docs:
        response = admin.post("/api/plans/import/", json.dumps(doc), content_type="application/json")
        assert response.status_code == 201, response.content
        data["plans"][doc["code"]] = response.json()["id"]
    data["event"] = factories.event(1, event_type="危险化学品泄漏", title="虹桥路危险化学品泄漏", severity=3,
                                    district=data["street"])
    Event.objects.filter(pk=data["event"].pk).update(status="verified")
    return data


def test_plan_matches_api_ranks_and_explains(w):
    response = client_for(w["people"]["duty"]).get(f"/api/events/{w['event'].pk}/plan-matches/")
    assert response.status_code == 200
    matches = response.json()["matches"]
    assert [m["plan"]["code"] for m in matches] == ["CN-HQ", "CN-ZX-HAZCHEM", "CN-ZT", "CN-ZX-FLOOD"]
    assert [m["matched"] for m in matches] == [True, True, True, False]
    first = matches[0]
    assert first["response_level"] == 3 and first["score"] > matches[1]["score"] > matches[2]["score"]
    assert [r["rule"] for r in first["rules"]] == ["type", "severity", "area", "validity"]
    assert all(r["passed"] and r["why"] for r in first["rules"])
    flood = matches[-1]
    assert flood["failed"] == ["type"] and flood["score"] == 0
    type_rule = next(r for r in flood["rules"] if r["rule"] == "type")
    assert "水旱灾害" in type_rule["why"] and "危险化学品泄漏" in type_rule["why"]


def test_plan_matches_refused_to_liaisons_and_agencies(w):
    url = f"/api/events/{w['event'].pk}/plan-matches/"
    assert client_for(w["people"]["liaison"]).get(url).status_code == 403
    assert client_for(w["people"]["external"]).get(url).status_code == 403
    assert Client().get(url).status_code == 401
    assert client_for(w["people"]["duty"]).get("/api/events/999999/plan-matches/").status_code == 404


def test_plans_desk_list_flags_and_filters(w):
    duty = client_for(w["people"]["duty"])
    page = duty.get("/plans/").content.decode()
    assert "长宁区防汛防台专项应急预案" in page and "未演练超过三年" in page
    assert page.count('data-testid="drill-overdue"') == 1
    partial = duty.get("/plans/?drill_overdue=on", HTTP_HX_REQUEST="true").content.decode()
    assert "CN-ZX-FLOOD" in partial and "CN-HQ" not in partial and "<html" not in partial
    assert client_for(w["people"]["liaison"]).get("/plans/").status_code == 403
    assert Client().get("/plans/").status_code == 302


def test_plans_desk_detail_and_downloads(w):
    commander = client_for(w["people"]["commander"])
    pid = w["plans"]["CN-ZX-HAZCHEM"]
    page = commander.get(f"/plans/{pid}/").content.decode()
    assert "划定警戒区并疏散周边人员" in page and "区消防救援支队" in page and "v1" in page
    assert commander.get(f"/plans/{pid}/export.xlsx").status_code == 200
    assert commander.get(f"/plans/{pid}/export.json").json()["code"] == "CN-ZX-HAZCHEM"
    assert commander.get(f"/plans/{pid}/export.csv").status_code == 400
    assert commander.get("/plans/999999/").status_code == 404


def test_desk_import_shows_problems_in_place(w):
    import io

    admin = client_for(w["people"]["admin"])
    bad = io.BytesIO(json.dumps({**plan_document(), "valid_from": "someday"}).encode())
    bad.name = "plan.json"
    response = admin.post("/plans/import/", {"file": bad}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "valid_from" in response.content.decode()
    good = io.BytesIO(json.dumps(plan_document(title="修订版")).encode())
    good.name = "plan.json"
    response = admin.post("/plans/import/", {"file": good}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == f"/plans/{w['plans']['CN-ZX-HAZCHEM']}/"
    assert client_for(w["people"]["duty"]).post("/plans/import/", {"file": good}).status_code == 403


def test_event_panel_shows_reasons_and_activates(w):
    duty = client_for(w["people"]["duty"])
    url = f"/plans/matches/{w['event'].pk}/"
    panel = duty.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="plan-matches"' in panel and panel.count('data-testid="activate"') == 3
    assert "危险化学品泄漏" in panel and 'class="is-failed"' in panel
    response = duty.post(url + "activate/", {"plan": w["plans"]["CN-HQ"], "response_level": 3, "reason": "泄漏扩大"},
                         HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="activation-message"' in response.content.decode()
    assert Task.objects.filter(activation__plan_id=w["plans"]["CN-HQ"]).count() == 3
    again = duty.post(url + "activate/", {"plan": w["plans"]["CN-HQ"], "response_level": 3}, HTTP_HX_REQUEST="true")
    assert "role=\"alert\"" in again.content.decode() and Task.objects.count() == 3
    assert client_for(w["people"]["liaison"]).get(url).status_code == 403
    refused = client_for(w["people"]["liaison"]).post(url + "activate/", {"plan": w["plans"]["CN-HQ"], "response_level": 4})
    assert refused.status_code == 403 and Task.objects.count() == 3


def test_tasks_page_and_its_buttons(w):
    duty = client_for(w["people"]["duty"])
    duty.post(f"/api/plans/{w['plans']['CN-ZX-HAZCHEM']}/activations/",
              json.dumps({"event": w["event"].pk, "response_level": 3}), content_type="application/json")
    fire = client_for(w["people"]["fire"])
    page = fire.get("/tasks/").content.decode()
    assert "划定警戒区并疏散周边人员" in page and 'data-to="accepted"' in page and 'name="viewport"' in page
    task = Task.objects.get(title="划定警戒区并疏散周边人员")
    card = fire.post(f"/tasks/{task.pk}/move/", {"to": "accepted"}, HTTP_HX_REQUEST="true")
    assert card.status_code == 200 and 'data-status="accepted"' in card.content.decode()
    wrong = fire.post(f"/tasks/{task.pk}/move/", {"to": "done"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'role="alert"' in wrong and 'data-status="accepted"' in wrong
    assert client_for(w["people"]["liaison"]).post(f"/tasks/{task.pk}/move/", {"to": "in_progress"}).status_code == 404
    assert client_for(w["people"]["external"]).get("/tasks/").status_code == 403
    assert 'data-testid="no-tasks"' in client_for(w["people"]["responder"]).get("/tasks/").content.decode()
