"""A real Celery worker and beat, started as the Procfile starts them, against the test database:
tasks run and answer, housekeeping does its work, and /api/health/ sees both."""
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from geo_api.jobs import health, tasks
from tests.server import BASE_DIR, server_env, start_process, stop_process

pytestmark = pytest.mark.django_db(transaction=True)
CELERY = str(BASE_DIR / ".venv" / "bin" / "celery")


@pytest.fixture(scope="module")
def job_env(django_db_setup):
    # Test settings (their own default queue), the test database.
    return server_env(connection.settings_dict["NAME"], DJANGO_SETTINGS_MODULE="geo_api.settings.test")


@pytest.fixture(scope="module")
def queue(job_env, tmp_path_factory):
    """A worker on a queue of its own, so workers of parallel test runs never take these tasks."""
    name = f"onemap-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    process = start_process([CELERY, "-A", "geo_api", "worker", "--loglevel", "INFO", "--concurrency", "1",
                             "-Q", name, "--hostname", f"{name}@%h"], job_env, log)
    yield name
    stop_process(process)


@pytest.fixture(scope="module")
def beat(job_env, tmp_path_factory):
    log = tmp_path_factory.mktemp("beat") / "beat.log"
    process = start_process([CELERY, "-A", "geo_api", "beat", "--loglevel", "INFO"], job_env, log)
    yield log
    stop_process(process)


def run(task, queue, timeout=60):
    return task.apply_async(queue=queue).get(timeout=timeout)


def test_a_task_runs_on_a_real_worker_against_the_test_database(queue):
    answer = run(tasks.ping, queue)
    assert answer["pong"] is True
    assert answer["database"] == connection.settings_dict["NAME"]


def test_clear_expired_sessions_deletes_only_expired_ones(queue):
    now = timezone.now()
    Session.objects.create(session_key="expired" + "x" * 25, session_data="e30", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="current" + "x" * 25, session_data="e30", expire_date=now + timedelta(days=1))
    assert run(tasks.clear_expired_sessions, queue) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current" + "x" * 25]


def test_health_sees_database_redis_worker_and_beat(client, queue, beat):
    health._worker_cache["at"] = 0.0
    deadline = time.monotonic() + 30
    while True:
        response = client.get("/api/health/")
        body = response.json()
        if body["status"] == "ok" or time.monotonic() > deadline:
            break
        health._worker_cache["at"] = 0.0
        time.sleep(1)
    assert response.status_code == 200, body
    assert body["status"] == "ok", (body, Path(beat).read_text()[-2000:])
    components = body["components"]
    assert all(components[name]["ok"] for name in ("database", "redis", "worker", "beat")), components
    assert components["worker"]["workers"] >= 1
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(REDIS_URL="redis://127.0.0.1:1/0", CELERY_BROKER_URL="redis://127.0.0.1:1/1")
def test_health_answers_503_not_500_when_redis_is_down(client):
    started = time.monotonic()
    response = client.get("/api/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    components = body["components"]
    assert components["database"]["ok"] is True
    assert components["redis"] == {"ok": False, "error": "ConnectionError", "ms": components["redis"]["ms"]}
    assert components["worker"]["ok"] is False and components["beat"]["ok"] is False
    assert time.monotonic() - started < 5, "each check gives up quickly"


@override_settings(REDIS_URL="redis://127.0.0.1:1/0", CELERY_BROKER_URL="redis://127.0.0.1:1/1")
def test_staff_are_told_why_a_part_is_down(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ops", password="correct-horse-battery", is_staff=True))
    body = client.get("/api/health/").json()
    assert body["components"]["redis"]["error"].startswith("ConnectionError: ")
    assert "127.0.0.1:1" in body["components"]["redis"]["error"]
