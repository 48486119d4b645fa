"""Exactly-once for requests a client may repeat. The client names each request (body
`client_id` or header `Idempotency-Key`); the first run's (status, body) is stored in the same
transaction as its effects, so either both exist or neither does, and a repeat answers the
stored result without running anything.

Concurrency: the claim is an INSERT … ON CONFLICT DO NOTHING. A second request with the same key
waits on the unique index until the first commits (then it reads the stored answer) or rolls back
(then its own insert succeeds and it runs). A run that raises leaves no row, so the client's retry
runs again – errors are not cached."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput

from .models import ClientRequest

MAX_KEY_LENGTH = 64
HEADER = "HTTP_IDEMPOTENCY_KEY"


def client_key(request, body) -> str | None:
    """The client's name for this request: body["client_id"], else the Idempotency-Key header."""
    value = body.get("client_id") if isinstance(body, dict) else None
    if value in (None, ""):
        value = request.META.get(HEADER) or None
    return check_key(value, "client_id")


def check_key(value, field: str = "client_id") -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > MAX_KEY_LENGTH or not value.strip():
        raise InvalidInput(_("%(field)s must be text of at most %(n)s characters (e.g. a UUID).")
                           % {"field": field, "n": MAX_KEY_LENGTH}, errors={field: [_("Invalid client key.")]})
    return value


def once(*, user, key: str | None, scope: str, run: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """Run `run()` once per (user, scope, key) and answer its (status, body) ever after."""
    if key is None:
        return run()
    with transaction.atomic():
        claimed = _claim(user.pk, scope, [key])
        if not claimed:
            stored = ClientRequest.objects.get(user_id=user.pk, scope=scope, key=key)
            return stored.status, stored.body
        status, body = run()
        ClientRequest.objects.filter(user_id=user.pk, scope=scope, key=key).update(status=status, body=body)
        return status, body


def claim_many(*, user, scope: str, keys: Iterable[str]) -> tuple[set[str], dict[str, dict]]:
    """For batches (position samples): claim every key in one statement inside the caller's
    transaction. Answers (keys claimed now, {key: stored body} of keys seen before). The caller
    records each claimed key's result with `record_many` in the same transaction."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return set(), {}
    claimed = _claim(user.pk, scope, keys)
    seen = [k for k in keys if k not in claimed]
    stored = dict(ClientRequest.objects.filter(user_id=user.pk, scope=scope, key__in=seen).values_list("key", "body")) \
        if seen else {}
    return claimed, stored


def record_many(*, user, scope: str, results: dict[str, tuple[int, dict]]) -> None:
    if not results:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE onemap_clientrequest c SET status = r.status, body = r.body::jsonb "
            "FROM unnest(%s::text[], %s::int[], %s::text[]) AS r(key, status, body) "
            "WHERE c.user_id = %s AND c.scope = %s AND c.key = r.key",
            [list(results), [s for s, _b in results.values()], [_json(b) for _s, b in results.values()],
             user.pk, scope])


def _claim(user_id: int, scope: str, keys: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO onemap_clientrequest (user_id, scope, key, status, body, created_at) "
            "SELECT %s, %s, k, 0, '{}'::jsonb, now() FROM unnest(%s::text[]) AS k "
            "ON CONFLICT (user_id, scope, key) DO NOTHING RETURNING key",
            [user_id, scope, keys])
        return {row[0] for row in cursor.fetchall()}


def _json(body: dict) -> str:
    import json

    return json.dumps(body, ensure_ascii=False, default=str)
