"""Who is on the other end of a WebSocket.

- A program sends an API token in the handshake (`Authorization: Bearer om_…` or `X-API-Key`).
  The token needs the `read` scope (a socket only receives); the socket then acts as the token's
  owner narrowed to its scopes, exactly as on /api. No Origin check: a browser never attaches a
  token by itself, so there is no cross-site socket to hijack, and programs send no Origin.
- Otherwise the browser's session cookie, with the Origin check that stops another site from
  opening a socket with it (channels' AllowedHostsOriginValidator + AuthMiddlewareStack).
- HTTP Basic is not accepted on sockets (routes.py). Wrong, expired or under-scoped tokens close
  the handshake with 4401 / 4403 rather than falling back to anonymous.

Wiring (geo_api/asgi.py): "websocket": websocket_auth(URLRouter(websocket_urlpatterns))."""
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.security.websocket import AllowedHostsOriginValidator

from . import ratelimit, services

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403


def _token_key(scope) -> str | None:
    headers = {name.lower(): value for name, value in scope.get("headers", [])}
    api_key = headers.get(b"x-api-key")
    if api_key:
        return api_key.decode("latin-1").strip()
    scheme, _, value = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() in ("bearer", "token"):
        return value.strip()
    if scheme.lower() == "basic":
        return ""  # refused below: Basic is for /ogc only
    return None


@database_sync_to_async
def _authenticate(key: str, client: str):
    """Returns (user, close code)."""
    if not key or ratelimit.token_failure_wait(client=client) is not None:
        return None, CLOSE_UNAUTHORIZED
    token = services.token_authenticate(key=key)
    if token is None:
        ratelimit.token_failure_record(client=client)
        return None, CLOSE_UNAUTHORIZED
    if "read" not in token.scopes:
        return None, CLOSE_FORBIDDEN
    user = token.owner
    user._onemap_token_scopes = frozenset(token.scopes)
    return user, None


async def _close(receive, send, code):
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close", "code": code})


class TokenAuthMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        client = (scope.get("client") or ("", 0))[0] or ""
        user, code = await _authenticate(_token_key(scope), client)
        if user is None:
            return await _close(receive, send, code)
        return await self.inner(dict(scope, user=user, onemap_credentials="token"), receive, send)


def websocket_auth(inner):
    by_token = TokenAuthMiddleware(inner)
    by_session = AllowedHostsOriginValidator(AuthMiddlewareStack(inner))

    async def app(scope, receive, send):
        if scope["type"] == "websocket" and _token_key(scope) is not None:
            return await by_token(scope, receive, send)
        return await by_session(scope, receive, send)

    return app
