"""The phones' lean path for POST /api/positions/ (responders/ingest.py): through the real ASGI
application, requests that wait together are written in one transaction, each answered with its
own result, under its own audit actor; whatever the lean path cannot answer exactly as the view
does goes to Django, which answers it in full. Transactional tests: the group commit writes from
its own thread, on its own connection."""
import asyncio
import json
import secrets

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.conf import settings
from django.db import DatabaseError, connection

from geo_api.audit.models import AuditEntry
from geo_api.responders.ingest import group_commit
from geo_api.responders.models import PositionReport, ResponderPosition
from geo_api.responders.services import PositionPost, positions_ingest_many
from tests.conftest import user_with_roles
from tests.live.sockets import Frames, open_socket

from .conftest import sample

pytestmark = pytest.mark.django_db(transaction=True)


def headers_of(client, csrf=True, **extra):
    token = secrets.token_hex(16)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; csrftoken={token}"
    out = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"cookie", cookie.encode())]
    if csrf:
        out.append((b"x-csrftoken", token.encode()))
    return out + [(k.encode(), v.encode()) for k, v in extra.items()]


async def asgi_post(client, body, **kw):
    from geo_api.asgi import application

    raw = json.dumps(body).encode()
    headers = headers_of(client, **kw) + [(b"content-length", str(len(raw)).encode())]
    answer = await HttpCommunicator(application, "POST", "/api/positions/", body=raw, headers=headers).get_response(
        timeout=10)
    return answer["status"], json.loads(answer["body"]), dict(answer["headers"])


def test_each_request_of_one_batch_gets_its_own_answer(field):
    a, b, c = field("gc_a"), field("gc_b"), field("gc_c")
    replayed = sample(121.402, 31.212, seconds_ago=4)

    async def scenario():
        first = await asgi_post(c, replayed)
        batches_before = len(group_commit().batches)
        answers = await asyncio.gather(
            asgi_post(a, {"samples": [sample(121.401, 31.211, seconds_ago=2), sample(lon=500)]}),
            asgi_post(b, sample(121.405, 31.215, seconds_ago=1, accuracy_m=400)),
            asgi_post(c, replayed))
        sizes = [n for n, _s in list(group_commit().batches)[batches_before:]]
        return first, answers, sizes

    first, (for_a, for_b, for_c), sizes = asyncio.run(scenario())
    assert first[:2] == (200, {"accepted": 1, "flagged": [], "rejected": []})
    assert sum(sizes) == 3 and max(sizes) >= 2, sizes  # written together
    status, answer, headers = for_a
    assert status == 200 and answer["accepted"] == 1 and [r["reason"] for r in answer["rejected"]] == ["out_of_range"]
    assert headers[b"content-type"] == b"application/json" and headers[b"x-content-type-options"] == b"nosniff"
    assert for_b[:2] == (200, {"accepted": 0, "flagged": [{"client_id": for_b[1]["flagged"][0]["client_id"],
                                                          "reason": "poor_accuracy"}], "rejected": []})
    assert for_c[:2] == first[:2]  # a replay is answered as the first time, stored once
    assert PositionReport.objects.filter(responder=c.responder).count() == 1
    assert PositionReport.objects.filter(responder=a.responder).count() == 1
    assert PositionReport.objects.get(responder=b.responder).flag == "poor_accuracy"
    assert ResponderPosition.objects.get(responder=a.responder).geom.x == 121.401
    assert not ResponderPosition.objects.filter(responder=b.responder).exists()  # flagged: never the latest


def test_rejection_texts_follow_the_requests_language(field):
    zh, en = field("gc_zh"), field("gc_en")

    async def scenario():
        return await asyncio.gather(asgi_post(zh, sample(lon=500)),
                                    asgi_post(en, sample(lon=500), **{"accept-language": "en"}))

    (_s1, in_chinese, _h1), (_s2, in_english, _h2) = asyncio.run(scenario())
    assert in_english["rejected"][0]["detail"].startswith("lon must be within")
    assert in_chinese["rejected"][0]["detail"] != in_english["rejected"][0]["detail"]


def test_each_latest_position_is_audited_under_its_own_sender(field):
    a, b = field("gc_actor_a"), field("gc_actor_b")

    async def scenario():
        return await asyncio.gather(asgi_post(a, sample(121.401, 31.211)), asgi_post(b, sample(121.402, 31.212)))

    assert [answer[0] for answer in asyncio.run(scenario())] == [200, 200]
    for client in (a, b):
        row = ResponderPosition.objects.get(responder=client.responder)
        entry = AuditEntry.objects.filter(table_name="onemap_responderposition", row_pk=str(row.pk)).get()
        assert entry.actor == f"user:{client.user.pk}:{client.user.username}"
        assert entry.route == "POST /api/positions/"


def test_what_the_lean_path_cannot_answer_goes_to_django(field):
    responder, unlinked = field("gc_refused"), field("gc_unlinked")
    unlinked.responder.user = None
    unlinked.responder.save()
    observer = field("gc_observer")
    observer.user.groups.clear()

    async def scenario():
        return await asyncio.gather(
            asgi_post(responder, sample(), csrf=False), asgi_post(unlinked, sample()), asgi_post(observer, sample()),
            asgi_post(responder, {"samples": []}))

    no_csrf, not_linked, no_role, empty = asyncio.run(scenario())
    assert no_csrf[0] == 403 and "CSRF" in json.dumps(no_csrf[1])
    assert not_linked[0] == 403 and no_role[0] == 403 and not_linked[1] != no_role[1]
    assert empty[0] == 400
    assert not PositionReport.objects.exists()


def test_a_signed_out_session_is_not_accepted(field):
    responder = field("gc_signed_out")
    headers = responder.cookies[settings.SESSION_COOKIE_NAME].value
    responder.logout()
    responder.cookies[settings.SESSION_COOKIE_NAME] = headers  # the phone still sends the old cookie

    status, _answer, _headers = asyncio.run(asgi_post(responder, sample()))
    assert status in (401, 403) and not PositionReport.objects.exists()


def test_a_phone_whose_session_ended_is_refused_with_the_very_headers_that_were_accepted(field):
    """The lean path works out a set of headers' CSRF verdict once; the session behind them is
    read for every request."""
    from geo_api.asgi import application

    responder = field("gc_same_headers")
    headers = headers_of(responder)

    async def post():
        raw = json.dumps(sample()).encode()
        answer = await HttpCommunicator(application, "POST", "/api/positions/", body=raw,
                                        headers=headers + [(b"content-length", str(len(raw)).encode())]
                                        ).get_response(timeout=10)
        return answer["status"]

    assert asyncio.run(post()) == 200
    responder.logout()
    assert asyncio.run(post()) in (401, 403)
    assert PositionReport.objects.count() == 1


def test_a_forged_session_cookie_is_answered_by_django(field):
    responder = field("gc_forged")
    for forged in ('a",b}{c\\', "x" * 300, "'; DROP TABLE django_session; --"):
        responder.cookies[settings.SESSION_COOKIE_NAME] = forged
        status, _answer, _headers = asyncio.run(asgi_post(responder, sample()))
        assert status in (401, 403)
    assert not PositionReport.objects.exists()


def test_a_failing_request_does_not_lose_the_others_nor_store_half_of_itself(field):
    good, bad = field("gc_good"), field("gc_bad")
    with connection.cursor() as cursor:  # a real failure in the database, for one request's samples only
        cursor.execute("ALTER TABLE onemap_positionreport ADD CONSTRAINT gc_test_no_13 CHECK (accuracy_m <> 13)")
    try:
        answers = positions_ingest_many(posts=[
            PositionPost(good.user, [sample(121.401, 31.211, seconds_ago=3)], good.responder.pk),
            PositionPost(bad.user, [sample(121.402, 31.212, seconds_ago=2), sample(accuracy_m=13)], bad.responder.pk),
            PositionPost(good.user, [sample(121.4015, 31.211, seconds_ago=1)], good.responder.pk)])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE onemap_positionreport DROP CONSTRAINT gc_test_no_13")
    assert answers[0]["accepted"] == 1 and answers[2]["accepted"] == 1
    assert isinstance(answers[1], DatabaseError)
    assert PositionReport.objects.filter(responder=good.responder).count() == 2
    assert not PositionReport.objects.filter(responder=bad.responder).exists()
    assert not ResponderPosition.objects.filter(responder=bad.responder).exists()
    assert ResponderPosition.objects.get(responder=good.responder).geom.x == 121.4015


def test_a_commander_receives_a_position_sent_on_the_lean_path(field):
    from django.test import Client

    commander = Client()
    commander.force_login(user_with_roles("gc_commander", "commander"))
    responder = field("gc_live")

    async def scenario():
        frames = Frames(await open_socket(commander))
        status, answer, _h = await asgi_post(responder, sample(121.401, 31.211))
        assert status == 200 and answer["accepted"] == 1
        row = await database_sync_to_async(lambda: ResponderPosition.objects.get(responder=responder.responder).pk)()
        change = await frames.until(lambda c: c.get("layer") == "personnel_positions" and c.get("id") == row)
        await frames.close()
        return change

    assert asyncio.run(scenario())["action"] in ("created", "updated")
