"""The state of each part of the platform, for operators and load balancers (GET /api/health/).

Each check is short (sub-second timeouts) and none raises: a part that does not answer is
reported down with the reason. The worker ping, which waits its whole timeout for replies,
is remembered for a few seconds so a polling monitor cannot load the broker."""
import threading
import time
from datetime import datetime

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from . import beat

WORKER_PING_TIMEOUT = 0.5
WORKER_CACHE_SECONDS = 10
_worker_cache = {"at": 0.0, "result": None}
_worker_lock = threading.Lock()


def _timed(check, detail):
    started = time.monotonic()
    try:
        result = {"ok": True, **(check() or {})}
    except Exception as exc:  # noqa: BLE001 — a health check reports every failure, never raises
        # Messages name hosts and ports: staff see them, monitors get the kind of failure.
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300] if detail else type(exc).__name__}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5).ping()


def _workers():
    from geo_api.celery import app

    beat.client().ping()  # the broker answers, or the ping below would wait on reconnects
    with _worker_lock:
        if time.monotonic() - _worker_cache["at"] > WORKER_CACHE_SECONDS:
            _worker_cache["result"] = len(app.control.ping(timeout=WORKER_PING_TIMEOUT))
            _worker_cache["at"] = time.monotonic()
        count = _worker_cache["result"]
    if not count:
        raise RuntimeError("no worker answered a ping")
    return {"workers": count}


def _beat():
    tick = beat.last_tick(beat.client())
    if tick is None:
        raise RuntimeError("beat has not ticked")
    age = (timezone.now() - datetime.fromisoformat(tick)).total_seconds()
    if age > beat.STALE_AFTER_SECONDS:
        raise RuntimeError(f"beat's last tick was {round(age)} s ago")
    return {"last_tick": timezone.localtime(datetime.fromisoformat(tick)).strftime("%Y-%m-%d %H:%M:%S")}


def report(detail: bool = False) -> tuple[dict, int]:
    """(body, HTTP status): 503 when this server cannot serve (database or Redis down), else 200;
    `status` is "degraded" while background jobs (worker or beat) are down."""
    components = {name: _timed(check, detail) for name, check in
                  (("database", _database), ("redis", _redis), ("worker", _workers), ("beat", _beat))}
    serving = components["database"]["ok"] and components["redis"]["ok"]
    if not serving:
        status = "down"
    elif components["worker"]["ok"] and components["beat"]["ok"]:
        status = "ok"
    else:
        status = "degraded"
    body = {"status": status, "time": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"), "components": components}
    return body, 200 if serving else 503
