"""Positions on the live channel (the real ASGI application, LISTEN/NOTIFY from the audit trigger
on the latest-position table): commanders receive them; a field responder receives their own
position only (the registry's row filter for the personnel_positions layer names the reader);
a drill event's responder never reaches anyone watching the real map.

Transactional tests: NOTIFY is delivered at commit."""
import asyncio

import pytest
from channels.db import database_sync_to_async
from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import timezone

from geo_api.responders.models import CheckIn, ResponderPosition
from tests import factories
from tests.conftest import user_with_roles
from tests.live.sockets import Frames, open_socket

from .conftest import post, sample

pytestmark = pytest.mark.django_db(transaction=True)
LAYER = "personnel_positions"


def position_id(responder):
    return ResponderPosition.objects.get(responder=responder).pk


def of(row_id):
    return lambda c: c.get("layer") == LAYER and c.get("id") == row_id


def watcher(role):
    client = Client()
    client.force_login(user_with_roles(f"p_watch_{role}", role))
    return client


def checked_in(client, event):
    CheckIn.objects.create(event=event, responder=client.responder, at=timezone.now(),
                           geom=Point(121.40, 31.21, srid=4326), distance_m=5)


def test_a_commander_receives_a_position_sent_over_http(field):
    commander, responder = watcher("commander"), field("p_live_1")
    send = database_sync_to_async(post)

    async def scenario():
        frames = Frames(await open_socket(commander))
        answer = await send(responder, sample(121.401, 31.211))
        assert answer.status_code == 200 and answer.json()["accepted"] == 1
        row = await database_sync_to_async(position_id)(responder.responder)
        change = await frames.until(of(row), timeout=5)
        await frames.close()
        return change

    change = asyncio.run(scenario())
    assert change["action"] in ("created", "updated")


def test_a_responders_socket_receives_their_own_position_and_nobody_elses(field):
    me, colleague, off_duty = field("p_me"), field("p_colleague"), field("p_off", on_duty=False)
    checked_in(off_duty, factories.event(1, status="responding"))  # assigned: may share, not on duty
    commander = watcher("commander")
    send = database_sync_to_async(post)

    async def scenario():
        mine, command = Frames(await open_socket(me)), Frames(await open_socket(commander))
        assert (await send(off_duty, sample(121.402, 31.212))).json()["accepted"] == 1
        assert (await send(colleague, sample(121.403, 31.213))).json()["accepted"] == 1
        assert (await send(me, sample(121.404, 31.214))).json()["accepted"] == 1
        row = database_sync_to_async(position_id)
        own = await mine.until(of(await row(me.responder)))
        # The commander sees all three, so the others' changes were on the channel when mine arrived.
        for other in (off_duty, colleague):
            await command.until(of(await row(other.responder)))
        await mine.quiet(0.5)
        for frames in (mine, command):
            await frames.close()
        return own, {c.get("id") for c in mine.changes if c.get("layer") == LAYER}

    own, ids = asyncio.run(scenario())
    assert own and ids == {position_id(me.responder)}


def test_a_drill_responder_never_reaches_the_real_map(field):
    commander, duty = watcher("commander"), watcher("duty_officer")
    drill = factories.event(1, status="responding", is_drill=True)
    drilling, real = field("p_drill"), field("p_real")
    checked_in(drilling, drill)
    send = database_sync_to_async(post)

    async def scenario():
        sockets = [Frames(await open_socket(c)) for c in (commander, duty)]
        assert (await send(drilling, sample(121.404, 31.214))).json()["accepted"] == 1
        assert (await send(real, sample(121.405, 31.215))).json()["accepted"] == 1
        real_row = await database_sync_to_async(position_id)(real.responder)
        for frames in sockets:
            await frames.until(of(real_row))
        await sockets[0].quiet(0.5)
        for frames in sockets:
            await frames.close()
        return [{c.get("id") for c in f.changes if c.get("layer") == LAYER} for f in sockets]

    received = asyncio.run(scenario())
    drill_row = position_id(drilling.responder)
    assert ResponderPosition.objects.get(pk=drill_row).event_id == drill.pk  # stored, with its drill event
    for ids in received:
        assert drill_row not in ids
    # …and not in the layer's reads either.
    features = commander.get(f"/ogc/collections/{LAYER}/items?f=json&limit=100").json()["features"]
    assert drill_row not in [f["id"] for f in features] and position_id(real.responder) in [f["id"] for f in features]


def test_a_check_in_reaches_the_events_commander_and_not_another_responder(field):
    event = factories.event(2, status="responding")
    commander, responder, other = watcher("commander"), field("p_ci"), field("p_ci_other")
    send = database_sync_to_async(post)

    async def scenario():
        watching = Frames(await open_socket(commander, f"/ws/changes/?event={event.pk}"))
        bystander = Frames(await open_socket(other, f"/ws/changes/?event={event.pk}"))
        answer = await send(responder, {"client_id": "ci-live", "lon": 121.40, "lat": 31.2121},
                            path=f"/api/events/{event.pk}/check-ins/")
        assert answer.status_code == 201, answer.content
        message = await watching.until(lambda c: c.get("record") == "check_in" and c.get("id") == answer.json()["id"])
        await bystander.quiet(0.5)
        for f in (watching, bystander):
            await f.close()
        return message, [c for c in bystander.changes if c.get("record") == "check_in"]

    message, seen_by_other = asyncio.run(scenario())
    assert message["event"] == event.pk and message["action"] == "created"
    assert seen_by_other == []
