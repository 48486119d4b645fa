"""Activation creates the checklist; tasks move assigned → accepted → in progress → done (or
rejected) through run_transition, for their owners only; reassign; who sees which tasks."""
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from geo_api.incidents.models import Event
from geo_api.plans.models import PlanActivation
from geo_api.tasks.models import Task
from geo_api.tasks.services import tasks_mark_overdue
from geo_api.timeline.models import TimelineEntry
from tests import factories
from tests.plans.world import plan_document, world

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def w(db):
    data = world()
    admin = client_for(data["people"]["admin"])
    response = post(admin, "/api/plans/import/", plan_document())
    assert response.status_code == 201, response.content
    data["plan"] = response.json()
    data["event"] = factories.event(1, event_type="危险化学品泄漏", title="虹桥路危险化学品泄漏", severity=3,
                                    district=data["street"])
    Event.objects.filter(pk=data["event"].pk).update(status="verified")
    return data


def activate(w, user="duty", level=3, reason="现场确认泄漏"):
    return post(client_for(w["people"][user]), f"/api/plans/{w['plan']['id']}/activations/",
                {"event": w["event"].pk, "response_level": level, "reason": reason})


def test_activation_creates_one_task_per_action_and_owner_with_deadlines(w):
    before = timezone.now()
    response = activate(w)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    owners = [(t["title"], t["owner_label"]) for t in body["tasks"]]
    assert owners == [("划定警戒区并疏散周边人员", "区消防救援支队"), ("开展环境监测", "环境联络员"),
                      ("开展环境监测", "区生态环境局")]
    activation = PlanActivation.objects.get()
    for task in Task.objects.all():
        assert task.deadline == activation.activated_at + timedelta(minutes=task.action.deadline_minutes)
        assert task.status == "assigned" and task.event_id == w["event"].pk
    assert before <= activation.activated_at <= timezone.now()
    assert Event.objects.get(pk=w["event"].pk).response_level == 3
    entries = TimelineEntry.objects.filter(event_id=w["event"].pk).order_by("at", "id")
    assert [e.payload.get("what") for e in entries] == ["plan_activated", "task_assigned", "task_assigned",
                                                      "task_assigned"]
    assert entries[0].reason == "现场确认泄漏" and entries[0].payload["response_level"] == 3


def test_activation_refusals(w):
    assert activate(w, level=1).status_code == 400           # the plan has no level Ⅰ
    assert activate(w, user="liaison").status_code == 403
    assert activate(w, user="external").status_code == 403
    assert Client().post(f"/api/plans/{w['plan']['id']}/activations/", {}).status_code == 401
    assert activate(w, user="commander").status_code == 201
    assert activate(w).status_code == 409                     # already active at level Ⅲ
    Event.objects.filter(pk=w["event"].pk).update(status="reported")
    assert activate(w, level=4).status_code == 409            # verify first
    assert Task.objects.count() == 3


def task_of(title, owner):
    return next(t for t in Task.objects.filter(title=title) if t.owner_label == owner)


def test_owner_moves_a_task_to_done_and_each_step_is_on_the_event_timeline(w):
    activate(w)
    task = task_of("划定警戒区并疏散周边人员", "区消防救援支队")
    fire = client_for(w["people"]["fire"])
    for to in ("accepted", "in_progress", "done"):
        response = post(fire, f"/api/tasks/{task.pk}/transitions/", {"to": to})
        assert response.status_code == 200, response.content.decode()
        assert response.json()["status"] == to
    task.refresh_from_db()
    assert task.status == "done" and task.done_at is not None
    steps = TimelineEntry.objects.filter(subject_type="tasks.task", subject_id=task.pk, kind="transition")
    assert [(e.from_state, e.to_state) for e in steps.order_by("at", "id")] == [
        ("assigned", "accepted"), ("accepted", "in_progress"), ("in_progress", "done")]
    assert {e.event_id for e in steps} == {w["event"].pk}
    assert all(e.actor_id == w["people"]["fire"].pk for e in steps)


def test_illegal_transition_is_409_listing_the_allowed_ones(w):
    activate(w)
    task = task_of("划定警戒区并疏散周边人员", "区消防救援支队")
    response = post(client_for(w["people"]["fire"]), f"/api/tasks/{task.pk}/transitions/", {"to": "done"})
    assert response.status_code == 409
    assert {a["target"] for a in response.json()["allowed"]} == {"accepted", "rejected"}
    assert post(client_for(w["people"]["fire"]), f"/api/tasks/{task.pk}/transitions/", {"to": "nowhere"}).status_code == 400


def test_wrong_person_is_refused(w):
    activate(w)
    task = task_of("划定警戒区并疏散周边人员", "区消防救援支队")
    url = f"/api/tasks/{task.pk}/transitions/"
    # the duty officer sees every task but does not do the fire brigade's work
    assert post(client_for(w["people"]["duty"]), url, {"to": "accepted"}).status_code == 403
    # another department's liaison and a responder do not even see it
    assert post(client_for(w["people"]["liaison"]), url, {"to": "accepted"}).status_code == 404
    assert post(client_for(w["people"]["responder"]), url, {"to": "accepted"}).status_code == 404
    assert post(client_for(w["people"]["external"]), url, {"to": "accepted"}).status_code == 403
    assert Client().post(url, {"to": "accepted"}, content_type="application/json").status_code == 401
    assert Task.objects.get(pk=task.pk).status == "assigned"


def test_reject_needs_a_reason(w):
    activate(w)
    task = task_of("开展环境监测", "区生态环境局")
    liaison = client_for(w["people"]["liaison"])
    assert post(liaison, f"/api/tasks/{task.pk}/transitions/", {"to": "rejected"}).status_code == 400
    response = post(liaison, f"/api/tasks/{task.pk}/transitions/", {"to": "rejected", "reason": "需消防先行处置"})
    assert response.status_code == 200 and response.json()["status"] == "rejected"


def test_reassign_by_the_duty_desk_only(w):
    activate(w)
    task = task_of("开展环境监测", "区生态环境局")
    url = f"/api/tasks/{task.pk}/reassign/"
    assert post(client_for(w["people"]["liaison"]), url, {"department": w["departments"]["XF"].pk,
                                                          "reason": "转消防"}).status_code == 403
    response = post(client_for(w["people"]["duty"]), url, {"department": w["departments"]["XF"].pk,
                                                           "reason": "由消防支队负责监测"})
    assert response.status_code == 200, response.content.decode()
    assert response.json()["owner_label"] == "区消防救援支队" and response.json()["status"] == "assigned"
    assert post(client_for(w["people"]["duty"]), url, {"assignee": 1, "department": 1, "reason": "x"}).status_code == 400
    mine = client_for(w["people"]["fire"]).get("/api/tasks/?mine=1").json()["tasks"]
    assert {t["title"] for t in mine} == {"划定警戒区并疏散周边人员", "开展环境监测"}


def test_who_sees_which_tasks(w):
    activate(w)
    def titles(user, query="?mine=1"):
        response = client_for(w["people"][user]).get(f"/api/tasks/{query}")
        return response.status_code, sorted((t["title"], t["owner_label"]) for t in response.json().get("tasks", []))

    assert titles("liaison") == (200, [("开展环境监测", "区生态环境局"), ("开展环境监测", "环境联络员")])
    assert titles("liaison", "") == titles("liaison")  # a liaison sees only theirs anyway
    assert titles("fire") == (200, [("划定警戒区并疏散周边人员", "区消防救援支队")])
    assert titles("responder") == (200, [])
    assert titles("duty", "")[1].__len__() == 3 and titles("duty")[1] == []
    assert client_for(w["people"]["external"]).get("/api/tasks/").status_code == 403
    assert Client().get("/api/tasks/?mine=1").status_code == 401


def test_overdue_check_flags_open_tasks_once(w):
    activate(w)
    done = task_of("划定警戒区并疏散周边人员", "区消防救援支队")
    fire = client_for(w["people"]["fire"])
    for to in ("accepted", "in_progress", "done"):
        post(fire, f"/api/tasks/{done.pk}/transitions/", {"to": to})
    later = timezone.now() + timedelta(minutes=45)
    flagged = tasks_mark_overdue(now=later)
    assert flagged == []  # only the 30-minute task was due, and it is done
    flagged = tasks_mark_overdue(now=timezone.now() + timedelta(minutes=61))
    assert len(flagged) == 2 and tasks_mark_overdue(now=timezone.now() + timedelta(minutes=90)) == []
    entries = TimelineEntry.objects.filter(payload__what="task_overdue")
    assert entries.count() == 2 and {e.event_id for e in entries} == {w["event"].pk}
    assert all(e.actor_id is None and e.actor_label == "system" for e in entries)
    shown = client_for(w["people"]["liaison"]).get("/api/tasks/?overdue=1").json()["tasks"]
    assert len(shown) == 2 and all(t["overdue"] for t in shown)
