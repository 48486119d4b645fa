"""Live records (geo_api/live/records.py): rows that are not layers reach, on the socket and the
poll, exactly the users their owner's access code lets read them — here the `task` record of the
tasks app: the owner (person or department member) on `user.N`, the commander on `event.N`.

Transactional tests: NOTIFY is delivered at commit."""
import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from geo_api.incidents.models import Event
from geo_api.tasks.models import Task
from tests import factories
from tests.live.sockets import Frames, open_socket
from tests.plans.world import plan_document, world

pytestmark = pytest.mark.django_db(transaction=True)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def records(frames, name):
    return [c for c in frames.changes if c.get("record") == name]


def test_task_records_reach_their_owners_and_the_event_topic_only():
    w = world()
    people = w["people"]
    plan = post(client_for(people["admin"]), "/api/plans/import/", plan_document()).json()
    event = factories.event(1, event_type="危险化学品泄漏", severity=3, district=w["street"])
    Event.objects.filter(pk=event.pk).update(status="verified")
    clients = {name: client_for(people[name]) for name in ("liaison", "fire", "responder", "commander")}

    async def scenario():
        liaison = Frames(await open_socket(clients["liaison"]))
        fire = Frames(await open_socket(clients["fire"]))
        responder = Frames(await open_socket(clients["responder"]))
        commander = Frames(await open_socket(clients["commander"], f"/ws/changes/?event={event.pk}"))
        commander_plain = Frames(await open_socket(clients["commander"]))  # no event topic
        response = await database_sync_to_async(post)(
            clients["commander"], f"/api/plans/{plan['id']}/activations/",
            {"event": event.pk, "response_level": 3, "reason": "启动"})
        assert response.status_code == 201, response.content
        await commander.until(lambda c: c.get("record") == "task" and len(records(commander, "task")) == 3)
        await liaison.until(lambda c: c.get("record") == "task" and len(records(liaison, "task")) == 2)
        await fire.until(lambda c: c.get("record") == "task")
        await asyncio.sleep(0.4)
        for frames in (liaison, fire, responder, commander, commander_plain):
            await frames.close()
        return liaison, fire, responder, commander, commander_plain

    liaison, fire, responder, commander, commander_plain = asyncio.run(scenario())
    environment = set(Task.objects.filter(title="开展环境监测").values_list("pk", flat=True))
    cordon = set(Task.objects.filter(title="划定警戒区并疏散周边人员").values_list("pk", flat=True))
    assert {c["id"] for c in records(liaison, "task")} == environment
    assert {c["id"] for c in records(fire, "task")} == cordon
    assert records(responder, "task") == []
    assert {c["id"] for c in records(commander, "task")} == environment | cordon
    assert records(commander_plain, "task") == [], "not addressed to the commander, and no event topic"
    message = records(liaison, "task")[0]
    assert set(message) == {"seq", "record", "id", "action", "event"}
    assert message["event"] == event.pk and message["action"] == "created"

    # The poll answers the same decision (without topics: everything the user may read).
    after = 0
    polled = client_for(people["liaison"]).get(f"/api/changes/?after={after}").json()["changes"]
    assert {c["id"] for c in polled if c.get("record") == "task"} == environment
    polled = client_for(people["responder"]).get("/api/changes/?after=0").json()["changes"]
    assert [c for c in polled if c.get("record") == "task"] == []
