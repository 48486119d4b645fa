"""Remediation tasks from a warning's exposure go through the task workflow: the owner sees them
in /api/tasks/?mine=1 and accepts, starts and finishes them; each step is on the timeline."""
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.plans.models import Department
from geo_api.tasks.models import Task
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def exposed(db):
    w = f.warning(expires=timezone.now() + timedelta(hours=6))
    inside = f.enterprise(0, geom=f.Point(121.365, 31.205, srid=4326))
    outside = f.enterprise(1, geom=f.Point(121.45, 31.25, srid=4326))
    hazard = f.hazard(0, geom=f.Point(121.366, 31.206, srid=4326))
    return w, inside, outside, hazard


def deadline(hours=4):
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def test_commander_dispatches_and_the_department_works_the_tasks(as_role, exposed):
    w, inside, _outside, hazard = exposed
    liaison = as_role("department_liaison")
    department = Department.objects.create(code="D-FIRE", name="区消防救援支队")
    department.members.add(liaison.user)
    answer = as_role("commander").post(f"/api/warnings/{w.pk}/exposure/tasks/", {
        "features": [{"layer": "enterprises", "id": inside.pk}, {"layer": "hazards", "id": hazard.pk}],
        "department": department.pk, "deadline": deadline(), "note": "暴雨前检查排水"}, content_type="application/json")
    assert answer.status_code == 201, answer.json()
    tasks = answer.json()["tasks"]
    assert [t["feature"] for t in tasks] == [{"layer": "enterprises", "id": inside.pk},
                                             {"layer": "hazards", "id": hazard.pk}]
    assert tasks[0]["warning"]["id"] == w.pk and tasks[0]["event"] is None and tasks[0]["plan"] is None
    assert inside.name in tasks[0]["title"]

    mine = liaison.get("/api/tasks/?mine=1").json()["tasks"]
    assert {t["id"] for t in mine} == {t["id"] for t in tasks}
    for to in ("accepted", "in_progress", "done"):
        moved = liaison.post(f"/api/tasks/{tasks[0]['id']}/transitions/", {"to": to}, content_type="application/json")
        assert moved.status_code == 200, moved.json()
    detail = liaison.get(f"/api/tasks/{tasks[0]['id']}/").json()
    assert [e["to_state"] for e in detail["timeline"] if e["kind"] == "transition"] == ["accepted", "in_progress", "done"]
    assert any(e["payload"].get("what") == "task_from_warning" for e in detail["timeline"])


def test_a_feature_outside_the_area_is_refused_and_nothing_is_created(as_role, exposed):
    w, inside, outside, _h = exposed
    person = as_role("field_responder")
    answer = as_role("duty_officer").post(f"/api/warnings/{w.pk}/exposure/tasks/", {
        "features": [{"layer": "enterprises", "id": inside.pk}, {"layer": "enterprises", "id": outside.pk}],
        "assignee": person.user.pk, "deadline": deadline()}, content_type="application/json")
    assert answer.status_code == 400
    assert str(outside.pk) in answer.json()["detail"]
    assert not Task.objects.exists()


@pytest.mark.parametrize("body, field", [
    ({"deadline": "tomorrow"}, "deadline"),
    ({"deadline": (timezone.now() - timedelta(hours=1)).isoformat()}, "deadline"),
    ({"assignee": None, "department": None}, "assignee"),
    ({"features": []}, "features"),
])
def test_bad_requests_say_which_field(as_role, exposed, body, field):
    w, inside, _o, _h = exposed
    person = as_role("field_responder")
    full = {"features": [{"layer": "enterprises", "id": inside.pk}], "assignee": person.user.pk,
            "deadline": deadline(), **body}
    answer = as_role("commander").post(f"/api/warnings/{w.pk}/exposure/tasks/", full, content_type="application/json")
    assert answer.status_code == 400
    assert field in answer.json().get("errors", {}), answer.json()


@pytest.mark.parametrize("role, status", [
    ("commander", 201), ("duty_officer", 201), ("administrator", 201),
    ("department_liaison", 403), ("field_responder", 403), ("gis_analyst", 403), ("external_agency", 403),
])
def test_who_may_dispatch(as_role, exposed, role, status):
    w, inside, _o, _h = exposed
    owner = as_role("field_responder", name="owner")
    answer = as_role(role).post(f"/api/warnings/{w.pk}/exposure/tasks/", {
        "features": [{"layer": "enterprises", "id": inside.pk}], "assignee": owner.user.pk, "deadline": deadline()},
        content_type="application/json")
    assert answer.status_code == status, answer.json()


def test_anonymous_may_not_dispatch(client, exposed):
    w, inside, _o, _h = exposed
    answer = client.post(f"/api/warnings/{w.pk}/exposure/tasks/", {"features": []}, content_type="application/json")
    assert answer.status_code in (401, 403)
