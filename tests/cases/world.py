"""One hazardous-chemical event worked from verification to closing, with a plan activation and
its tasks, a responder's positions at known instants and a follow-up from the field: the
material every case, replay and evaluation test reads. Explicit rows, no demo generator."""
import json
from datetime import timedelta

from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import timezone

from geo_api.incidents.models import Event
from geo_api.incidents.services import event_follow_up, event_transition
from geo_api.responders.models import PositionReport, Responder
from geo_api.tasks.models import Task
from geo_api.tasks.services import task_transition
from tests import factories
from tests.plans.world import person, plan_document, world

EVENT_POINT = (121.4100, 31.2050)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def sample(responder, at, lon, lat, event=None):
    return PositionReport.objects.create(responder=responder, recorded_at=at, geom=Point(lon, lat, srid=4326),
                                         accuracy_m=5, event=event)


def worked_event(*, close=True, severity=3, drill=False, title="虹桥路危险化学品泄漏", code_offset=1):
    """The world of tests/plans plus: an event verified → responding, the plan activated at level
    Ⅲ, the liaison's task accepted, a field responder with positions and a follow-up, closed.
    Returns the dict with the event, responder, tasks and instants (t0 … t3) between steps."""
    data = world()
    people = data["people"]
    admin = client_for(people["admin"])
    response = post(admin, "/api/plans/import/", plan_document())
    assert response.status_code == 201, response.content
    data["plan"] = response.json()
    base = timezone.now() - timedelta(hours=1)
    event = factories.event(code_offset, event_type="危险化学品泄漏", title=title, severity=severity, is_drill=drill,
                            district=data["street"], occurred_at=base, reported_at=base,
                            address="长宁区虹桥路1000号", description="槽罐车阀门泄漏，有刺激性气味",
                            geom=Point(*EVENT_POINT, srid=4326))
    data["event"] = event
    data["t0"] = timezone.now()
    event_transition(event_id=event.pk, transition="verify", user=people["duty"])
    event_transition(event_id=event.pk, transition="respond", user=people["commander"])
    response = post(client_for(people["duty"]), f"/api/plans/{data['plan']['id']}/activations/",
                    {"event": event.pk, "response_level": 3, "reason": "现场确认泄漏"})
    assert response.status_code == 201, response.content
    data["activation"] = response.json()
    field = people["responder"]
    field.first_name = "现场队员"
    field.save()
    responder = Responder.objects.create(name="王队员", organization="长宁区应急管理局", on_duty=True, user=field)
    data["responder"] = responder
    data["t1"] = timezone.now()
    sample(responder, data["t0"] - timedelta(seconds=30), 121.4000, 31.2000, event)
    sample(responder, data["t1"] - timedelta(seconds=1), 121.4050, 31.2025, event)  # browsers seek in ms
    liaison_task = Task.objects.get(assignee=people["liaison"])
    task_transition(task_id=liaison_task.pk, to="accepted", user=people["liaison"])
    data["liaison_task"] = liaison_task
    data["t2"] = timezone.now()
    event_follow_up(user=field, event_id=event.pk, text="泄漏点已用堵漏工具封堵，周边无人员受伤")
    sample(responder, data["t2"] + timedelta(milliseconds=1), 121.4100, 31.2050, event)
    data["t3"] = timezone.now()
    if close:
        event_transition(event_id=event.pk, transition="close", user=people["commander"],
                         reason="泄漏已封堵，周边环境监测正常，结束响应")
    data["event"] = Event.objects.get(pk=event.pk)
    return data


def seek(client, event_id, at):
    return client.get(f"/api/events/{event_id}/replay/", {"at": at.isoformat()})
