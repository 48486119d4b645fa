"""Live updates from every writer, filtered per row, coalesced: real PostGIS (LISTEN/NOTIFY from
the audit trigger), the real ASGI application, the Django admin and raw SQL as writers.

Transactional tests: NOTIFY is delivered at commit."""
import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import User
from django.db import connection, transaction

from geo_api.audit.models import AuditEntry
from geo_api.live.hub import WINDOW
from tests import factories
from tests.conftest import user_with_roles

from .sockets import Frames, admin_form, open_socket

pytestmark = pytest.mark.django_db(transaction=True)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


run_sql = database_sync_to_async(sql)


def signed_in(client, user):
    client.force_login(user)
    return client


def of(layer, row_id, action=None):
    return lambda c: c["layer"] == layer and c["id"] == row_id and (action is None or c["action"] == action)


def ids(frames, layer):
    return {c["id"] for c in frames.changes if c["layer"] == layer}


def test_a_change_made_in_the_admin_reaches_a_commander(client, commander):
    shelter = factories.shelter(1)
    admin = User.objects.create_superuser("root", password="correct-horse-battery")
    admin_client = signed_in(type(client)(), admin)
    url = f"/admin/shelters/shelter/{shelter.pk}/change/"
    form = admin_form(admin_client.get(url).content.decode(), "shelter_form")
    assert form["name"] == shelter.name
    form["name"] = "仙霞公园避难场所（改）"

    signed_in(client, commander)

    async def scenario():
        frames = Frames(await open_socket(client))
        response = await database_sync_to_async(admin_client.post)(url, form)
        assert response.status_code == 302, response.content.decode()[:2000]
        change = await frames.until(of("shelters", shelter.pk, "updated"))
        await frames.close()
        return change

    change = asyncio.run(scenario())
    entry = AuditEntry.objects.filter(table_name="onemap_shelter", row_pk=str(shelter.pk)).latest("id")
    assert entry.route == url.join(["POST ", ""]) and change["seq"] == entry.id
    assert set(change) == {"seq", "layer", "id", "action"}


def test_a_raw_sql_update_reaches_a_commander(client, commander):
    shelter = factories.shelter(2)

    signed_in(client, commander)

    async def scenario():
        frames = Frames(await open_socket(client))
        await run_sql("UPDATE onemap_shelter SET area_m2 = area_m2 + 2 WHERE id = %s", [shelter.pk])
        frame_changes = await frames.until(of("shelters", shelter.pk, "updated"))
        await run_sql("DELETE FROM onemap_shelter WHERE id = %s", [shelter.pk])
        await frames.until(of("shelters", shelter.pk, "deleted"))
        await frames.close()
        return frame_changes, frames.frames

    change, frames = asyncio.run(scenario())
    assert all(set(frame) == {"changes", "last_seq"} and frame["last_seq"] >= change["seq"] for _, frame in frames)


def test_an_external_agency_receives_only_rows_inside_its_filter(client):
    agency = user_with_roles("agency", "external_agency")

    signed_in(client, agency)

    async def scenario():
        frames = Frames(await open_socket(client))
        create = database_sync_to_async(factories.event)
        major = await create(1, severity=1, title="重大事件")
        ordinary = await create(2, severity=4, title="一般事件")
        await run_sql("UPDATE onemap_event SET casualties = 3 WHERE id = %s", [ordinary.pk])
        sentinel = await create(3, severity=2, title="较大事件")
        await frames.until(of("events", sentinel.pk, "created"))
        seen_before = ids(frames, "events")
        # Lowered to 一般 (severity 4): the agency saw it, so it learns it is gone from its rows.
        await run_sql("UPDATE onemap_event SET severity = 4 WHERE id = %s", [major.pk])
        await frames.until(of("events", major.pk, "deleted"))
        # Deleting a row it never saw tells it nothing; deleting one it sees does.
        await run_sql("DELETE FROM onemap_event WHERE id = %s", [ordinary.pk])
        await run_sql("DELETE FROM onemap_event WHERE id = %s", [sentinel.pk])
        await frames.until(of("events", sentinel.pk, "deleted"))
        await frames.quiet(0.3)
        await frames.close()
        return major, ordinary, sentinel, seen_before

    major, ordinary, sentinel, seen_before = asyncio.run(scenario())
    assert seen_before == {major.pk, sentinel.pk}


def test_a_non_drill_viewer_never_receives_drill_events(client, commander):
    drill = factories.event(1, is_drill=True, title="演练事件")
    real = factories.event(2, title="真实事件")

    signed_in(client, commander)

    async def scenario():
        # Asking for the drill's own topic does not open it either.
        frames = Frames(await open_socket(client, f"/ws/changes/?event={drill.pk}"))
        await run_sql("UPDATE onemap_event SET casualties = 1 WHERE id = %s", [drill.pk])
        created = await database_sync_to_async(factories.event)(3, is_drill=True, title="另一场演练")
        await run_sql("UPDATE onemap_event SET casualties = 2 WHERE id = %s", [real.pk])
        await frames.until(of("events", real.pk, "updated"))
        # A real event turned into a drill leaves the viewer's rows: it is told it is gone.
        await run_sql("UPDATE onemap_event SET is_drill = true WHERE id = %s", [real.pk])
        await frames.until(of("events", real.pk, "deleted"))
        await run_sql("DELETE FROM onemap_event WHERE id = %s", [drill.pk])
        await frames.quiet(0.3)
        await frames.close()
        return created, frames

    created, frames = asyncio.run(scenario())
    assert ids(frames, "events") == {real.pk}


def test_an_event_topic_carries_only_that_event(client, commander):
    watched, other = factories.event(1), factories.event(2)

    signed_in(client, commander)

    async def scenario():
        frames = Frames(await open_socket(client, f"/ws/changes/?layers=none&event={watched.pk}"))
        await run_sql("UPDATE onemap_event SET casualties = 5 WHERE id = %s", [other.pk])
        await run_sql("UPDATE onemap_event SET casualties = 5 WHERE id = %s", [watched.pk])
        await frames.until(of("events", watched.pk))
        await frames.socket.send_json_to({"subscribe": ["layer.events", "layer.nope", "user.999999"]})
        answer = await frames.next_frame()
        await run_sql("UPDATE onemap_event SET casualties = 6 WHERE id = %s", [other.pk])
        await frames.until(of("events", other.pk))
        await frames.close()
        return answer, frames

    answer, frames = asyncio.run(scenario())
    assert answer["refused"] == ["layer.nope", "user.999999"]
    assert "layer.events" in answer["topics"] and f"event.{watched.pk}" in answer["topics"]
    assert [c["id"] for c in frames.changes] == [watched.pk, other.pk]


def test_frames_are_coalesced_and_a_fresh_change_is_on_the_wire_within_250_ms(client, commander):
    shelter = factories.shelter(3)

    def burst():
        for capacity in range(1, 51):
            sql("UPDATE onemap_shelter SET area_m2 = %s WHERE id = %s", [capacity * 2, shelter.pk])
        return AuditEntry.objects.filter(table_name="onemap_shelter", row_pk=str(shelter.pk)).latest("id").id

    signed_in(client, commander)

    async def scenario():
        frames = Frames(await open_socket(client))
        started = time.monotonic()
        last = await database_sync_to_async(burst)()
        burst_took = time.monotonic() - started
        await frames.until(lambda c: c["seq"] == last)
        await frames.quiet(0.4)
        burst_frames = list(frames.frames)
        # A single change after a quiet spell goes out at once.
        committed = time.monotonic()
        await run_sql("UPDATE onemap_shelter SET area_m2 = 1998 WHERE id = %s", [shelter.pk])
        committed = time.monotonic()
        await frames.until(lambda c: c["id"] == shelter.pk and c["seq"] > last)
        latency = frames.frames[-1][0] - committed
        await frames.close()
        return last, burst_took, burst_frames, latency

    last, burst_took, burst_frames, latency = asyncio.run(scenario())
    per_frame = [[c for c in frame["changes"] if c["id"] == shelter.pk] for _, frame in burst_frames]
    assert all(len(changes) == 1 for changes in per_frame), per_frame  # the latest state per feature
    assert per_frame[-1][0]["seq"] == last and per_frame[-1][0]["action"] == "updated"
    assert len(burst_frames) <= burst_took / WINDOW + 2, (len(burst_frames), burst_took)
    assert len(burst_frames) < 50
    gaps = [b[0] - a[0] for a, b in zip(burst_frames, burst_frames[1:])]
    assert all(gap >= WINDOW - 0.01 for gap in gaps), gaps  # WINDOW apart, less the receive loop's jitter
    assert latency < 0.25, latency


def test_a_bulk_load_is_one_reload_per_table(client, commander):
    from geo_api.audit.services import bulk_load

    def load():
        with transaction.atomic(), bulk_load("test bulk load") as record:
            for i in range(20):
                factories.shelter(100 + i)
            record({"shelters.Shelter": 20})

    signed_in(client, commander)

    async def scenario():
        frames = Frames(await open_socket(client))
        await database_sync_to_async(load)()
        await frames.until(lambda c: c["action"] == "reload" and c["layer"] == "shelters")
        await frames.quiet(0.3)
        await frames.close()
        return frames

    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    frames = asyncio.run(scenario())
    reload = {"seq": None, "layer": "shelters", "id": None, "action": "reload"}
    assert frames.changes == [reload]
    # The poll reads the load's one audit entry and answers the same.
    assert client.get(f"/api/changes/?after={start}").json()["changes"] == [reload]


def test_changes_committed_while_postgresql_dropped_the_session_are_caught_up(client, commander):
    shelter = factories.shelter(4)

    def kill_listener():
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'onemap-live' "
            "AND datname = current_database()")

    signed_in(client, commander)

    async def scenario():
        frames = Frames(await open_socket(client))
        await database_sync_to_async(kill_listener)()
        # Committed while the worker has no session: NOTIFY goes nowhere, the audit log keeps it.
        await run_sql("UPDATE onemap_shelter SET area_m2 = 14 WHERE id = %s", [shelter.pk])
        await frames.until(of("shelters", shelter.pk, "updated"), timeout=10)
        await frames.close()

    asyncio.run(scenario())


def test_an_edit_answers_and_is_pushed_while_redis_is_down(client, editor, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                           "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}}
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    signed_in(client, editor)
    body = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.401, 31.211]}, "properties": {
        "code": "SH-REDIS-1", "name": "无Redis新建", "shelter_class": "III", "shelter_type": "emergency",
        "space_type": "outdoor", "tier": "community", "area_m2": 800, "capacity": 400,
        "managing_unit": "长宁区仙霞新村街道办事处", "address": "长宁区仙霞路100号"}}

    async def scenario():
        frames = Frames(await open_socket(client))
        started = time.monotonic()
        response = await database_sync_to_async(client.post)("/api/layers/shelters/features/", body,
                                                              content_type="application/json")
        took = time.monotonic() - started
        assert response.status_code == 201, response.content
        await frames.until(of("shelters", response.json()["id"], "created"))
        await frames.close()
        return took

    try:
        assert asyncio.run(scenario()) < 2
    finally:
        channel_layers.backends.clear()


def test_the_poll_applies_the_same_row_decision(client, commander):
    agency = user_with_roles("agency", "external_agency")
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    major, ordinary = factories.event(1, severity=1), factories.event(2, severity=4)
    drill = factories.event(3, severity=1, is_drill=True)
    signed_in(client, agency)
    body = client.get(f"/api/changes/?after={start}").json()
    assert [(c["layer"], c["id"], c["action"]) for c in body["changes"]] == [("events", major.pk, "created")]
    assert body["last_seq"] == AuditEntry.objects.latest("id").id
    after = body["last_seq"]
    sql("UPDATE onemap_event SET severity = 3 WHERE id = %s", [major.pk])
    sql("DELETE FROM onemap_event WHERE id = %s", [ordinary.pk])
    changes = client.get(f"/api/changes/?after={after}").json()["changes"]
    assert [(c["id"], c["action"]) for c in changes] == [(major.pk, "deleted")]
    signed_in(client, commander)
    changes = client.get(f"/api/changes/?after={start}").json()["changes"]
    assert drill.pk not in {c["id"] for c in changes if c["layer"] == "events"}
    assert {c["id"] for c in changes if c["layer"] == "events"} == {major.pk}  # ordinary: created and deleted
    assert client.get("/api/changes/?after=x").status_code == 400
