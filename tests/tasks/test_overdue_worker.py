"""The overdue check as beat schedules it: the task runs on a REAL Celery worker against the test
database and flags the task left past its deadline, on the event's timeline."""
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from geo_api.incidents.models import Event
from geo_api.jobs.periodic import declared
from geo_api.tasks import tasks as jobs
from geo_api.tasks.models import Task
from geo_api.timeline.models import TimelineEntry
from tests import factories
from tests.jobs.test_worker import job_env, queue, run  # noqa: F401 (fixtures)
from tests.plans.world import plan_document, world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_schedule_declares_the_check_every_minute():
    entry = declared()["tasks.mark_overdue_tasks"]
    assert entry["task"] == "geo_api.tasks.tasks.mark_overdue_tasks"
    assert entry["schedule"] == timedelta(minutes=1)


def test_a_real_worker_flags_the_overdue_task(queue):  # noqa: F811
    w = world()
    admin = Client()
    admin.force_login(w["people"]["admin"])
    plan = admin.post("/api/plans/import/", json.dumps(plan_document()), content_type="application/json").json()
    event = factories.event(1, event_type="危险化学品泄漏", severity=3, district=w["street"])
    Event.objects.filter(pk=event.pk).update(status="verified")
    duty = Client()
    duty.force_login(w["people"]["duty"])
    response = duty.post(f"/api/plans/{plan['id']}/activations/",
                         json.dumps({"event": event.pk, "response_level": 3, "reason": "启动"}),
                         content_type="application/json")
    assert response.status_code == 201
    late = Task.objects.get(title="划定警戒区并疏散周边人员")
    # The activation was 31 minutes ago: the 30-minute task is late, the 60-minute ones are not.
    Task.objects.filter(activation_id=late.activation_id).update(deadline=timezone.now() - timedelta(minutes=1))
    Task.objects.exclude(pk=late.pk).update(deadline=timezone.now() + timedelta(minutes=29))
    flagged = run(jobs.mark_overdue_tasks, queue)
    assert flagged == [late.pk]
    late.refresh_from_db()
    assert late.overdue_at is not None and late.status == "assigned"
    entry = TimelineEntry.objects.get(payload__what="task_overdue")
    assert entry.event_id == event.pk and entry.actor_label == "system"
    assert run(jobs.mark_overdue_tasks, queue) == []  # once only
