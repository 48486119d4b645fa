"""Beat's heartbeat: the time of its last scheduler tick, kept in Redis for the health check.

The key names the database, so two platforms (or parallel test runs) sharing a Redis do not
vouch for each other's beat."""
import logging

import redis
from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)
# Beat ticks at least every 5 s (django-celery-beat's max interval); a minute of silence is down.
STALE_AFTER_SECONDS = 60


def _key() -> str:
    return f"onemap:beat:last_tick:{settings.DATABASES['default']['NAME']}"


def client() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=0.5, socket_timeout=0.5)


def record_tick() -> None:
    try:
        client().set(_key(), timezone.now().isoformat(), ex=STALE_AFTER_SECONDS * 10)
    except redis.RedisError as exc:  # beat keeps scheduling; the health check reports it down
        log.warning("could not record beat's tick: %s", exc)


def last_tick(conn: redis.Redis) -> str | None:
    value = conn.get(_key())
    return value.decode() if value else None
