"""When Redis (the cache, the job broker) is down or stalls, requests are still answered.

Redis holds nothing a request needs to be correct: sign-in budgets (geo_api/accounts/ratelimit.py),
and the job queue (geo_api/jobs/enqueue.py). A write that has committed must never answer 500
because Redis failed afterwards — the client would retry and duplicate it. So every use of Redis on
the request path goes through `redis_safely`: a failure is logged, the step is skipped, and the
answer carries `X-Onemap-Degraded: redis` so clients can say that background work (jobs,
notifications) is delayed. The cache's socket timeouts (settings CACHES OPTIONS) bound the cost
of a stalled Redis to well under a second."""
from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
HEADER = "X-Onemap-Degraded"
T = TypeVar("T")

_noted: ContextVar[set[str] | None] = ContextVar("onemap_degraded", default=None)
FAILURES = (RedisError, BrokerError, OSError, TimeoutError)


def note(component: str) -> None:
    noted = _noted.get()
    if noted is not None:
        noted.add(component)


def redis_safely(step: Callable[[], T], default: T, what: str) -> T:
    """`step()`, or `default` when Redis fails (logged, and noted on the response)."""
    try:
        return step()
    except FAILURES as exc:
        log.warning("redis unavailable, skipped %s: %s: %s", what, type(exc).__name__, exc)
        note("redis")
        return default


class DegradedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _noted.set(set())
        try:
            response = self.get_response(request)
            noted = _noted.get()
            if noted:
                response[HEADER] = ",".join(sorted(noted))
            return response
        finally:
            _noted.reset(token)
