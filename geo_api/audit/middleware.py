"""Tells the audit trigger who is writing and through which route. Only requests that may write
pay for it; the settings are cleared afterwards because the connection outlives the request."""
from django.db import connection

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def actor_of(request) -> str:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return "anonymous"
    credentials = getattr(request, "onemap_credentials", None)
    via = f" via token {credentials.pk}" if credentials not in (None, "basic") else ""
    return f"user:{user.pk}:{user.get_username()}{via}"


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        self._set(actor_of(request), f"{request.method} {request.path}"[:300])
        try:
            return self.get_response(request)
        finally:
            self._set("", "")

    @staticmethod
    def _set(actor, route):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('onemap.actor', %s, false), set_config('onemap.route', %s, false)",
                           [actor, route])
