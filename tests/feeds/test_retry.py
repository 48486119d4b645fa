"""A failure of the moment (the database dropped the connection) is not a dead letter: the item
stays `received`, a retry is queued with backoff, and the retry applies it."""
import json

import pytest
from django.db import OperationalError

from etl.feeds import registry
from etl.feeds.models import FeedMessage
from etl.feeds.services import MAX_ATTEMPTS, item_apply, retry_delay
from geo_api.reference.models import Camera

from .conftest import simulated

pytestmark = pytest.mark.django_db


def test_transient_failure_is_retried_with_backoff(push, streets, monkeypatch, django_capture_on_commit_callbacks):
    adapter = registry.adapter("cameras")
    real_apply = adapter.apply
    calls = {"n": 0}

    def flaky(item, **kw):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_apply(item, **kw)

    monkeypatch.setattr(adapter, "apply", flaky)
    queued = []
    from etl.feeds import tasks

    monkeypatch.setattr(tasks.retry_item, "apply_async", lambda args, countdown, **options: queued.append((args, countdown)))
    items = json.loads(simulated("cameras"))["items"][:2]
    with django_capture_on_commit_callbacks(execute=True):
        answer = push("cameras", json.dumps({"items": items}, ensure_ascii=False))
    assert answer.status_code == 202
    states = [i["state"] for i in answer.json()["items"]]
    assert states == ["received", "applied"]
    waiting = FeedMessage.objects.get(pk=answer.json()["items"][0]["id"])
    assert waiting.attempts == 1 and "OperationalError" in waiting.error
    assert queued == [([waiting.pk], retry_delay(1))]
    assert FeedMessage.objects.get(pk=answer.json()["id"]).state == "received"  # the envelope waits too
    tasks.retry_item(waiting.pk)  # what the worker runs after the delay
    waiting.refresh_from_db()
    assert waiting.state == "applied" and Camera.objects.count() == 2
    assert FeedMessage.objects.get(pk=answer.json()["id"]).state == "applied"


def test_backoff_grows_and_gives_up():
    assert [retry_delay(n) for n in range(1, 8)] == [10, 20, 40, 80, 160, 320, 600]
    assert MAX_ATTEMPTS == 6


def test_gives_up_after_max_attempts(push, streets, monkeypatch, django_capture_on_commit_callbacks):
    adapter = registry.adapter("cameras")

    def down(item, **kw):
        raise OperationalError("database is down")

    monkeypatch.setattr(adapter, "apply", down)
    from etl.feeds import tasks

    monkeypatch.setattr(tasks.retry_item, "apply_async", lambda args, countdown, **options: None)
    items = json.loads(simulated("cameras"))["items"][:1]
    answer = push("cameras", json.dumps({"items": items}, ensure_ascii=False))
    item_id = answer.json()["items"][0]["id"]
    for _ in range(MAX_ATTEMPTS):
        item_apply(item_id=item_id)
    item = FeedMessage.objects.get(pk=item_id)
    assert item.state == "dead" and item.attempts == MAX_ATTEMPTS and "database is down" in item.error
