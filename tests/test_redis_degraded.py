"""Redis down or stalled during a write: the write stands and answers its normal status at once,
marked `X-Onemap-Degraded: redis` so the client can say background work is late; jobs asked for
by the write are not sent (the caller's state keeps them to do) and nothing answers 500."""
import socket
import time

import pytest
from celery import Celery
from django.core.cache import caches
from django.db import transaction

from geo_api.accounts.services import token_create
from geo_api.common.degraded import HEADER
from geo_api.jobs.enqueue import enqueue_on_commit, send_now

pytestmark = pytest.mark.django_db(transaction=True)

SHELTER = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.401, 31.211]}, "properties": {
    "code": "SH-REDIS-2", "name": "Redis故障时新建", "shelter_class": "III", "shelter_type": "emergency",
    "space_type": "outdoor", "tier": "community", "area_m2": 800,
    "managing_unit": "长宁区仙霞新村街道办事处", "address": "长宁区仙霞路100号"}}


@pytest.fixture
def stalled_port():
    """A port that accepts connections and never answers: a Redis that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield server.getsockname()[1]
    server.close()


def _cache_at(settings, location):
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": location}}
    caches._settings = None
    del caches.settings


@pytest.fixture
def token_key(editor):
    return token_create(owner=editor, created_by=editor, name="gis", scopes=["read", "write"], expires_in_days=1)[1]


@pytest.mark.parametrize("redis", ["down", "stalled"])
def test_a_token_write_answers_while_redis_fails(client, settings, token_key, redis, request):
    port = 1 if redis == "down" else request.getfixturevalue("stalled_port")
    client.get("/api/layers/")  # the URL conf and views imported: only Redis is timed below
    _cache_at(settings, f"redis://127.0.0.1:{port}/2")
    started = time.monotonic()
    try:
        response = client.post("/api/layers/shelters/features/", SHELTER, content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {token_key}")
    finally:
        caches._settings = None
        del caches.settings
    took = time.monotonic() - started
    assert response.status_code == 201, response.content
    assert response[HEADER] == "redis"
    assert took < 3.0, f"a {redis} Redis held the write for {took:.1f} s"
    # The write stands: the same row is there, once.
    from geo_api.shelters.models import Shelter
    assert Shelter.objects.filter(code="SH-REDIS-2").count() == 1


def test_a_write_with_redis_up_is_not_marked(client, token_key):
    response = client.post("/api/layers/shelters/features/", SHELTER, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token_key}")
    assert response.status_code == 201
    assert HEADER not in response


def _app_with_broker(url):
    # Not the current app: tasks elsewhere in this process keep the project's Celery app.
    app = Celery("broker-down-test", broker=url, set_as_current=False)
    app.conf.broker_connection_timeout = 1
    app.conf.redis_socket_connect_timeout = app.conf.redis_socket_timeout = 1

    @app.task(name="tests.noop")
    def noop():
        return None

    return noop


def test_a_job_for_a_committed_write_is_skipped_not_raised_when_the_broker_is_down():
    task = _app_with_broker("redis://127.0.0.1:1/1")
    started = time.monotonic()
    assert send_now(task) is False
    with transaction.atomic():
        enqueue_on_commit(task)  # runs at commit: must not raise into the request
    assert time.monotonic() - started < 6


def test_a_job_is_sent_when_the_broker_answers(settings):
    task = _app_with_broker(settings.CELERY_BROKER_URL)
    assert send_now(task, queue="onemap-test-degraded") is True
    import redis
    queue = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    assert queue.llen("onemap-test-degraded") == 1
    queue.delete("onemap-test-degraded")
