"""Issue 9's scenario, through the API as the clients use it: a hazardous-chemical leak reported
in 虹桥街道 → a duplicate call attached → verified → the right plan ranked first with its reasons
and a wrong-type plan excluded with its reason → activated at level Ⅲ → tasks for the right
people with deadlines → accepted and done; one left to become overdue through the scheduled job
on a real Celery worker → the event's timeline complete and in order."""
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from geo_api.tasks import tasks as jobs
from geo_api.tasks.models import Task
from tests.jobs.test_worker import job_env, queue, run  # noqa: F401 (fixtures)
from tests.plans.world import action, plan_document, world

pytestmark = pytest.mark.django_db(transaction=True)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def leak_call(lon, lat, **props):
    base = {"category": "ACCIDENT", "type": "危险化学品泄漏", "severity": 3, "title": "虹桥路槽罐车危险化学品泄漏",
            "description": "槽罐车阀门泄漏，有刺激性气味", "source": "fire_119", "reporter": "119指挥中心",
            "phone": "021-12345678", "casualties": 0, "address": "长宁区虹桥路2550号"}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {**base, **props}}


def test_hazardous_chemical_leak_in_hongqiao(queue):  # noqa: F811
    w = world()
    people = w["people"]
    admin, duty, commander = (client_for(people[n]) for n in ("admin", "duty", "commander"))

    # The bureau's plans: the hazardous-chemical plan, a flood plan (wrong type) and the overall plan.
    hazchem = plan_document(responses=[
        {"response_level": 3, "severities": [3], "condition": "较大危险化学品事故", "actions": [
            action(1, "划定警戒区并疏散周边人员", 30, departments=["XF"]),
            action(2, "开展大气环境监测", 60, people=["liaison"]),
            action(3, "组织周边居民转移安置", 90, departments=["HQJD"]),
        ]},
        {"response_level": 4, "severities": [4], "actions": [action(1, "现场核查", 60, departments=["HQJD"])]},
    ])
    flood = plan_document(code="CN-ZX-FLOOD", title="长宁区防汛防台专项应急预案",
                          event_types=["NATURAL.FLOOD_DROUGHT", "台风", "暴雨"])
    overall = plan_document(code="CN-ZT", title="长宁区突发事件总体应急预案", plan_type="overall",
                            event_types=["NATURAL", "ACCIDENT", "PUBLIC_HEALTH", "SOCIAL_SECURITY"])
    for document in (hazchem, flood, overall):
        assert post(admin, "/api/plans/import/", document).status_code == 201

    # 1. The 119 centre reports the leak in 虹桥街道.
    centre = w["street"].geom.centroid
    created = post(duty, "/api/events/", leak_call(centre.x, centre.y))
    assert created.status_code == 201, created.content.decode()
    event_id = created.json()["id"]
    assert created.json()["properties"]["district"] == "虹桥街道"

    # 2. A passer-by calls about the same leak: attached to the event, not a second event.
    call = post(duty, f"/api/events/{event_id}/reports/",
                leak_call(centre.x + 0.001, centre.y, reporter="路人王先生", phone="13800000000",
                          description="闻到刺鼻气味", source="phone"))
    assert call.status_code == 201, call.content.decode()

    # 3. The duty desk verifies it.
    verified = post(duty, f"/api/events/{event_id}/transitions/", {"to": "verified", "reason": "消防到场确认泄漏"})
    assert verified.status_code == 200, verified.content.decode()

    # 4. Matching: the hazardous-chemical plan first, with its reasons; the flood plan excluded.
    matches = duty.get(f"/api/events/{event_id}/plan-matches/").json()["matches"]
    first = matches[0]
    assert first["plan"]["code"] == "CN-ZX-HAZCHEM" and first["matched"] and first["response_level"] == 3
    whys = {r["rule"]: r["why"] for r in first["rules"]}
    assert "危险化学品泄漏" in whys["type"] and "Ⅲ" in whys["severity"] and "长宁区" in whys["area"]
    assert [m["plan"]["code"] for m in matches if m["matched"]] == ["CN-ZX-HAZCHEM", "CN-ZT"]
    excluded = next(m for m in matches if m["plan"]["code"] == "CN-ZX-FLOOD")
    assert not excluded["matched"] and excluded["failed"] == ["type"]
    assert "不适用于危险化学品泄漏" in next(r["why"] for r in excluded["rules"] if r["rule"] == "type")

    # 5. The duty officer activates it at level Ⅲ: tasks for the right owners with deadlines.
    activated = post(duty, f"/api/plans/{first['plan']['id']}/activations/",
                     {"event": event_id, "response_level": 3, "reason": "较大危险化学品泄漏，启动三级响应"})
    assert activated.status_code == 201, activated.content.decode()
    body = activated.json()
    at = timezone.datetime.fromisoformat(body["activated_at"])
    got = [(t["title"], t["owner_label"], timezone.datetime.fromisoformat(t["deadline"]) - at) for t in body["tasks"]]
    assert got == [("划定警戒区并疏散周边人员", "区消防救援支队", timedelta(minutes=30)),
                   ("开展大气环境监测", "环境联络员", timedelta(minutes=60)),
                   ("组织周边居民转移安置", "虹桥街道办事处", timedelta(minutes=90))]
    cordon, monitoring, relocation = (t["id"] for t in body["tasks"])

    # 6. The fire brigade's liaison and the environment liaison see their tasks and finish them.
    fire, liaison = client_for(people["fire"]), client_for(people["liaison"])
    assert [t["id"] for t in fire.get("/api/tasks/?mine=1").json()["tasks"]] == [cordon]
    assert [t["id"] for t in liaison.get("/api/tasks/?mine=1").json()["tasks"]] == [monitoring]
    for client, task in ((fire, cordon), (liaison, monitoring)):
        for to in ("accepted", "in_progress", "done"):
            moved = post(client, f"/api/tasks/{task}/transitions/", {"to": to})
            assert moved.status_code == 200, moved.content.decode()

    # 7. Nobody at the street office answers: ninety minutes pass (the deadline is moved into the
    #    past instead of waiting), and the scheduled check, run by a real worker, flags it.
    Task.objects.filter(pk=relocation).update(deadline=timezone.now() - timedelta(seconds=1))
    assert run(jobs.mark_overdue_tasks, queue) == [relocation]
    overdue = duty.get(f"/api/tasks/?event={event_id}&overdue=1").json()["tasks"]
    assert [(t["id"], t["overdue"], t["status"]) for t in overdue] == [(relocation, True, "assigned")]

    # 8. The event's timeline tells the whole story, in order.
    timeline = commander.get(f"/api/events/{event_id}/timeline/").json()["timeline"]

    def label(e):
        return e["payload"].get("what") or e["transition"] or f"{e['kind']}:{e['subject']['type']}"

    story = [label(e) for e in timeline]
    assert story == [
        "report:incidents.event", "report:incidents.eventreport", "verify",
        "plan_activated", "task_assigned", "task_assigned", "task_assigned",
        "accept", "start", "finish", "accept", "start", "finish",
        "task_overdue",
    ], story
    times = [e["at"] for e in timeline]
    assert times == sorted(times)
    assert timeline[3]["reason"] == "较大危险化学品泄漏，启动三级响应"
    assert timeline[-1]["actor"]["label"] == "system" and timeline[-1]["subject"] == {"type": "tasks.task", "id": relocation}
