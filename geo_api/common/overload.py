"""An overloaded server says so: 503 with Retry-After, never a 500.

When every database connection of the pool is busy for longer than the pool's timeout (a burst of
phones, a slow query storm), psycopg_pool raises PoolTimeout. Nothing is wrong with the request and
nothing was written: the client should simply try again shortly, which a 503 with Retry-After tells
it (the phone's outbox and agency feeds retry by themselves)."""
import logging
import sys

from django.db import OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from psycopg_pool import PoolTimeout

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5


def is_overload(exc: BaseException) -> bool:
    return isinstance(exc, PoolTimeout) or (isinstance(exc, OperationalError) and isinstance(exc.__cause__, PoolTimeout))


def overload_body() -> dict:
    """What an overloaded server answers, in the active language (the phones' lean path too)."""
    return {"code": "Overloaded", "detail": _(
        "The server is busy: no database connection was free in time. Nothing was changed; "
        "please try again in a few seconds.")}


def overloaded(request) -> JsonResponse:
    log.warning("overloaded: no database connection for %s %s", request.method, request.path)
    response = JsonResponse(overload_body(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response


def server_error(request, *args, **kwargs):
    """handler500. Django turns an exception raised inside a middleware (the session or audit
    context reading the database) into a 500 before any middleware's process_exception sees it;
    it calls this view while the exception is still being handled, so the pool's timeout is
    recognised here too."""
    exc = sys.exc_info()[1]
    if exc is not None and is_overload(exc):
        return overloaded(request)
    return defaults.server_error(request, *args, **kwargs)


class OverloadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        return overloaded(request) if is_overload(exc) else None
