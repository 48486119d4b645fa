"""POST /api/me/tasks/{id}/transitions/: the tasks app's transition, answered once per client_id —
a replay from the phone's outbox (the first reply was lost) gets the first answer, not a 409, and
the timeline holds one entry."""
import uuid

import pytest
from django.test import Client

from geo_api.tasks.models import Task
from geo_api.timeline.models import TimelineEntry

from .conftest import client_for, post

pytestmark = pytest.mark.django_db


def fire_task():
    return next(t for t in Task.objects.filter(title="划定警戒区并疏散周边人员") if t.owner_label == "区消防救援支队")


def steps(task):
    return TimelineEntry.objects.filter(subject_type="tasks.task", subject_id=task.pk, kind="transition").count()


def test_a_replayed_accept_answers_the_first_result_and_acts_once(phone_world):
    task = fire_task()
    fire = client_for(phone_world["people"]["fire"])
    key = str(uuid.uuid4())
    first = post(fire, f"/api/me/tasks/{task.pk}/transitions/", {"to": "accepted", "client_id": key})
    assert first.status_code == 200, first.content.decode()
    again = post(fire, f"/api/me/tasks/{task.pk}/transitions/", {"to": "accepted", "client_id": key})
    assert again.status_code == 200 and again.json() == first.json()
    assert Task.objects.get(pk=task.pk).status == "accepted" and steps(task) == 1
    # a new id is a new request: accepting again is not possible now (409 with what is)
    third = post(fire, f"/api/me/tasks/{task.pk}/transitions/", {"to": "accepted", "client_id": str(uuid.uuid4())})
    assert third.status_code == 409 and {a["target"] for a in third.json()["allowed"]} >= {"in_progress"}


def test_the_key_may_come_as_a_header(phone_world):
    task = fire_task()
    fire = client_for(phone_world["people"]["fire"])
    key = str(uuid.uuid4())
    for _ in range(2):
        response = post(fire, f"/api/me/tasks/{task.pk}/transitions/", {"to": "accepted"}, **{"Idempotency-Key": key})
        assert response.status_code == 200
    assert steps(task) == 1


def test_refusals_are_not_remembered_and_say_why(phone_world):
    task = fire_task()
    key = str(uuid.uuid4())
    url = f"/api/me/tasks/{task.pk}/transitions/"
    # not theirs: the environment liaison does not even see it; the duty officer may not do it
    assert post(client_for(phone_world["people"]["liaison"]), url, {"to": "accepted", "client_id": key}).status_code == 404
    assert post(client_for(phone_world["people"]["duty"]), url, {"to": "accepted", "client_id": key}).status_code == 403
    assert post(client_for(phone_world["people"]["external"]), url, {"to": "accepted"}).status_code == 403
    assert Client().post(url, {"to": "accepted"}, content_type="application/json").status_code == 401
    fire = client_for(phone_world["people"]["fire"])
    bad = post(fire, url, {"to": "accepted", "colour": "red"})
    assert bad.status_code == 400 and "colour" in bad.json()["detail"]
    assert post(fire, url, {"to": "rejected", "client_id": key}).status_code == 400  # a reason is needed
    assert post(fire, url, {"to": "accepted", "client_id": "x" * 65}).status_code == 400
    # the refused key was not stored: the owner's request with it runs
    assert post(fire, url, {"to": "accepted", "client_id": key}).status_code == 200
    assert steps(task) == 1
