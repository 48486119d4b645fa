"""GET /api/events/{id}/board/: everything the command view shows beside the map, from the owning
apps: the command session, check-ins and positions, the activated plan and its tasks, instructions
and acknowledgements, field reports, warnings over the area, shelters opened for the event, the
timeline newest first."""
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.responders.models import CheckIn, ResponderPosition
from geo_api.shelters.models import ShelterOpening
from geo_api.tasks.models import Task
from tests import factories
from tests.plans.world import plan_document

from .conftest import on_duty, post

pytestmark = pytest.mark.django_db

CONTRACT = {"event", "rings", "command", "check_ins", "responders", "plan", "tasks", "instructions", "reports",
            "warnings", "shelters", "timeline"}


def test_the_board_gathers_the_event_from_every_app(scene):
    people, clients, event = scene["people"], scene["clients"], scene["event"]
    plan = post(clients["admin"], "/api/plans/import/", plan_document()).json()
    assert post(clients["duty"], f"/api/plans/{plan['id']}/activations/",
                {"event": event.pk, "response_level": 3, "reason": "启动"}).status_code == 201
    late = Task.objects.get(title="划定警戒区并疏散周边人员")
    Task.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert post(clients["commander"], f"/api/events/{event.pk}/command/").status_code == 200
    responder = on_duty(people["responder"])
    ResponderPosition.objects.create(responder=responder, recorded_at=timezone.now(), geom=event.geom)
    CheckIn.objects.create(event=event, responder=responder, at=timezone.now(), geom=event.geom, distance_m=12.5)
    far_away = factories.responder(50)  # on duty, but about 28 km away: outside the 3 km ring
    ResponderPosition.objects.filter(responder=far_away).update(geom=factories.Point(121.60, 31.40, srid=4326))
    near_warning = factories.warning(1)
    factories.warning(2, geom=factories.square(121.60, 31.40, 0.01))
    shelter = factories.shelter(1, capacity=200)
    ShelterOpening.objects.create(shelter=shelter, event=event, opened_at=timezone.now(), capacity=200, occupants=150)
    sent = post(clients["commander"], f"/api/events/{event.pk}/instructions/",
                {"text": "到场", "to_users": [people["responder"].pk]}).json()
    post(clients["responder"], f"/api/events/{event.pk}/reports/", {"text": "已到场", "lon": 121.4, "lat": 31.211})

    response = clients["commander"].get(f"/api/events/{event.pk}/board/")
    assert response.status_code == 200, response.content
    board = response.json()
    assert set(board) == CONTRACT
    assert board["event"]["id"] == event.pk and board["rings"] == [500, 1000, 3000]
    assert board["command"]["commander"]["id"] == people["commander"].pk
    assert [c["responder"] for c in board["check_ins"]] == [responder.pk]
    assert [(r["id"], r["user"], r["checked_in"]) for r in board["responders"]] == [
        (responder.pk, people["responder"].pk, True)]
    assert board["plan"]["level"] == 3 and board["plan"]["code"] == "CN-ZX-HAZCHEM"
    assert {(t["title"], t["overdue"]) for t in board["tasks"]} == {
        ("划定警戒区并疏散周边人员", True), ("开展环境监测", False)}
    assert [i["id"] for i in board["instructions"]] == [sent["id"]]
    assert board["instructions"][0]["recipients"][0]["acknowledged_at"] is None
    assert [r["text"] for r in board["reports"]][0] == "已到场"
    assert [w["id"] for w in board["warnings"]] == [near_warning.pk]
    assert board["shelters"] == [{"id": shelter.pk, "opening": board["shelters"][0]["opening"], "name": shelter.name,
                                  "capacity": 200, "occupancy": 150, "remaining": 50, "full": False,
                                  "lon": shelter.geom.x, "lat": shelter.geom.y}]
    ats = [e["at"] for e in board["timeline"]]
    assert ats == sorted(ats, reverse=True) and board["timeline"][0]["payload"]["what"] == "field_report"


def test_the_board_is_filtered_for_each_reader(scene):
    event = scene["event"]
    post(scene["clients"]["commander"], f"/api/events/{event.pk}/instructions/",
         {"text": "到场", "to_users": [scene["people"]["other_responder"].pk]})
    analyst = scene["clients"]["analyst"].get(f"/api/events/{event.pk}/board/").json()
    assert analyst["instructions"] == [] and analyst["responders"] == []
    assert scene["clients"]["external"].get(f"/api/events/{event.pk}/board/").status_code == 404  # severity Ⅲ
    assert scene["anonymous"].get(f"/api/events/{event.pk}/board/").status_code == 401
