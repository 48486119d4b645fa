"""A lean path for the phones' POST /api/positions/ with group commit (issue 11, bench/positions.py).

At 1 Hz per phone the ordinary request path (every middleware, a session read, a user read, the
roles, the responder, DRF, the audit context: about ten round trips and one commit per sample, all
on the worker's one thread for sync views) costs far more than the sample. This ASGI wrapper
serves the phones' common case itself and hands everything else to Django unchanged:

- it takes only a POST to /api/positions/ with a session cookie and no Authorization or API key
  header (trackers with tokens, Basic, anonymous callers go through Django as before);
- it checks the request as Django would, reusing Django's code: the request guard (NUL, UTF-8,
  JSON depth), DRF's CSRF check (CSRFCheck, as SessionAuthentication.enforce_csrf), the language
  of the answer (LocaleMiddleware's choice). What depends on the headers only is worked out once
  per set of headers (a phone sends the same ones every second), the body is checked every time;
- requests waiting in this worker are written together (group commit): one thread reads the
  sessions, accounts, roles and responders of all of them in two queries, then
  services.positions_ingest_many judges and stores every request's samples with one read and
  two statements in one transaction, the latest positions each under their own audit actor, so
  the audit log and the live push (the trigger's NOTIFY) are as for the ordinary path. Each
  request is answered after the transaction holding its samples committed, with its own answer;
- whenever it cannot answer exactly as Django would -- no valid session, CSRF refused, not a
  field responder, no linked responder, a password changed since sign-in, a 400 for the request
  as a whole, a database error for that request -- it passes the request (body replayed) to
  Django, which answers it in full. So refusals keep their messages and nothing is weakened;
- an overloaded worker answers 503 with Retry-After (as common/overload.py): when more than
  MAX_WAITING requests wait, or the database pool has no connection in time.

A batch is started as soon as the previous one finished (the first request after a quiet spell
waits GATHER seconds for others), so under load the batch grows with the rate and the cost per
sample falls; one batch at a time per worker keeps at most one pool connection busy with it."""
from __future__ import annotations

import asyncio
import collections
import functools
import io
import logging
import os
import time
import weakref
from dataclasses import dataclass, field

import orjson
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.asgi import ASGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.utils import translation
from django.utils.crypto import constant_time_compare
from rest_framework.authentication import CSRFCheck

from geo_api.accounts.roles import Role
from geo_api.common import prepared
from geo_api.common.overload import RETRY_AFTER_S, is_overload, overload_body
from geo_api.common.request_guard import Problem, check_body

from .services import PositionPost, positions_ingest_many

log = logging.getLogger(__name__)

PATH = "/api/positions/"
ROUTE = f"POST {PATH}"
GATHER = 0.005        # s a batch waits for company after a quiet spell
MAX_BATCH = 500       # requests per transaction
MAX_WAITING = 4000    # requests waiting in one worker before it answers 503
FALLBACK = object()   # "let Django answer this one"
OVERLOADED = object()


# Read once per process (the bench starts servers with them set): per request, the environment
# lookups were 2 % of a worker's CPU.
IN_FLIGHT = int(os.environ.get("ONEMAP_POSITIONS_BATCHES_IN_FLIGHT", "1"))
ENV_ENABLED = os.environ.get("ONEMAP_POSITIONS_GROUP_COMMIT", "1") != "0"


def in_flight() -> int:
    """Batches one worker writes at once (each on its own pool connection and thread)."""
    return IN_FLIGHT


def enabled() -> bool:
    return ENV_ENABLED and settings.ONEMAP_POSITIONS_GROUP_COMMIT


def positions_fast_path(app):
    """Wraps Django's ASGI application (geo_api/asgi.py)."""

    async def fast(scope, receive, send):
        if not (scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path") == PATH
                and enabled() and _session_only(scope)):
            return await app(scope, receive, send)
        body, more = await _read_body(receive)
        replay = _replay(body, more, receive)
        if more is None:  # the client went away while sending: Django sees it
            return await app(scope, replay, send)
        try:
            item = _prepare(scope, body)
        except Exception:  # noqa: BLE001 -- whatever Django's checks make of it, Django answers it
            item = None
        result = FALLBACK if item is None else await group_commit().submit(item)
        if result is FALLBACK:
            return await app(scope, replay, send)
        if result is OVERLOADED:
            with translation.override(item.language):
                return await _respond(send, 503, overload_body(), item.language,
                                      [(b"retry-after", str(RETRY_AFTER_S).encode())])
        return await _respond(send, 200, result, item.language)

    return fast


# -- the request, as Django would see it ------------------------------------------------------------
def _session_only(scope) -> bool:
    cookie = False
    for name, value in scope.get("headers", ()):
        name = name.lower()
        if name in (b"authorization", b"x-api-key"):
            return False
        if name == b"cookie" and settings.SESSION_COOKIE_NAME.encode() in value:
            cookie = True
    return cookie


async def _read_body(receive) -> tuple[bytes, list | None]:
    """The whole body and the messages it came in (None if the client disconnected)."""
    chunks, messages = [], []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return b"".join(chunks), None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), messages


def _replay(body: bytes, messages, receive):
    pending = iter(messages or [{"type": "http.request", "body": body, "more_body": False}])

    async def replay():
        for message in pending:
            return message
        return await receive()

    return replay


@dataclass
class Item:
    session_key: str
    body: dict
    language: str
    user: object = None
    own_responder_id: int | None = None
    future: asyncio.Future | None = field(default=None, repr=False)


def _prepare(scope, body: bytes) -> Item | None:
    """The request's session key, JSON object and language, or None when Django must answer.
    limit_body has checked the query string and the length; the path is PATH."""
    verdict = _header_verdict(scope)
    if verdict is None:
        return None
    key, language = verdict
    try:
        check_body(body, _content_type(scope))
        data = orjson.loads(body)
    except (Problem, orjson.JSONDecodeError):
        return None  # Django words the refusal (the request guard) or DRF's parse error
    if not isinstance(data, dict):
        return None
    return Item(session_key=key, body=data, language=language)


_UNKEYED = (b"content-length",)  # differs from request to request, and no check reads it


def _header_verdict(scope) -> tuple[str, str] | None:
    headers = scope.get("headers", ())
    if not any(name.lower() == _CSRF_HEADER for name, _value in headers):
        return None  # no token header: Django answers (a JSON post without it is refused)
    # ASGI servers give header names in lower case.
    return _verdict(scope.get("scheme", "http"), scope.get("server"),
                    tuple(h for h in headers if h[0] not in _UNKEYED))


# The headers' verdict (CSRF, session key, language) is a pure function of the headers and the
# settings, and a phone sends the same headers every second: worked out once per set of headers
# (Django's own checks on a bodiless request), then looked up. 18 % of a worker's CPU at 1,000
# phones before (py-spy, bench/positions.py). The body is checked for every request.
@functools.lru_cache(maxsize=20000)
def _verdict(scheme: str, server, headers: tuple) -> tuple[str, str] | None:
    """(session key, language) if Django's CSRF check (as SessionAuthentication.enforce_csrf)
    lets the request through and it has a session cookie; else None."""
    request = ASGIRequest({"type": "http", "method": "POST", "path": PATH, "query_string": b"", "scheme": scheme,
                           "server": server, "headers": list(headers)}, io.BytesIO(b""))
    language = translation.get_language_from_request(request, check_path=False)
    check = CSRFCheck(lambda r: None)
    check.process_request(request)
    if check.process_view(request, None, (), {}):
        return None
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    return (key, language) if key else None


_CSRF_HEADER = settings.CSRF_HEADER_NAME.removeprefix("HTTP_").lower().replace("_", "-").encode()


def _content_type(scope) -> str:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-type":
            return value.decode("latin-1").split(";")[0].strip().lower()
    return ""


@receiver(setting_changed)
def _settings_changed(**_kwargs) -> None:
    """Tests change the CSRF and security settings: verdicts and headers are worked out again."""
    global _CSRF_HEADER
    _verdict.cache_clear()
    _headers.cache_clear()
    _CSRF_HEADER = settings.CSRF_HEADER_NAME.removeprefix("HTTP_").lower().replace("_", "-").encode()


async def _respond(send, status: int, data: dict, language: str, extra=()) -> None:
    """A JSON answer with the headers Django's stack puts on an API answer."""
    content = orjson.dumps(data)
    headers = [(b"content-length", str(len(content)).encode()), *_headers(language), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


@functools.lru_cache(maxsize=32)
def _headers(language: str) -> tuple:
    headers = [(b"content-type", b"application/json"), (b"vary", b"Accept, Cookie, Accept-Language"),
               (b"allow", b"POST, OPTIONS"), (b"content-language", language.encode())]
    if settings.X_FRAME_OPTIONS:
        headers.append((b"x-frame-options", settings.X_FRAME_OPTIONS.encode()))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append((b"x-content-type-options", b"nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append((b"referrer-policy", settings.SECURE_REFERRER_POLICY.encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append((b"cross-origin-opener-policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode()))
    return tuple(headers)


# -- group commit -------------------------------------------------------------------------------------
class GroupCommit:
    """The waiting requests of one worker (one event loop) and the tasks that write them: at most
    in_flight() batches at once, the next one gathering while they are written."""

    def __init__(self, loop):
        self.loop = loop
        self.waiting: list[Item] = []
        self.writers: set[asyncio.Task] = set()
        self.writing = 0
        self.batches = collections.deque(maxlen=100)  # (requests, seconds): what the last batches cost

    async def submit(self, item: Item):
        if len(self.waiting) >= MAX_WAITING:
            return OVERLOADED
        item.future = self.loop.create_future()
        self.waiting.append(item)
        # A writer while none exists; another while all of them are busy writing (up to in_flight).
        if not self.writers or (self.writing == len(self.writers) < in_flight()):
            task = self.loop.create_task(self._run(gather=not self.writers), name="onemap-positions-group-commit")
            self.writers.add(task)
            task.add_done_callback(self.writers.discard)
        # Not shielded: a request whose client went away stops waiting; its samples are still
        # written with the batch (the writer skips answering a cancelled future).
        return await item.future

    async def _run(self, gather: bool) -> None:
        if gather:
            await asyncio.sleep(GATHER)
        while self.waiting:
            batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
            started = time.monotonic()
            self.writing += 1
            try:
                results = await database_sync_to_async(write_batch, thread_sensitive=False)(batch)
            except Exception as exc:  # noqa: BLE001 -- every request must be answered
                overloaded = is_overload(exc)
                if not overloaded:
                    log.exception("positions: a batch of %s requests failed; Django answers each", len(batch))
                results = [OVERLOADED if overloaded else FALLBACK] * len(batch)
            finally:
                self.writing -= 1
            self.batches.append((len(batch), time.monotonic() - started))
            for item, result in zip(batch, results):
                if not item.future.done():
                    item.future.set_result(result)


_commits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def group_commit() -> GroupCommit:
    loop = asyncio.get_running_loop()
    if loop not in _commits:
        _commits[loop] = GroupCommit(loop)
    return _commits[loop]


def write_batch(items: list[Item]) -> list:
    """In a thread: who each request is, then every eligible request's samples in one go."""
    _authenticate(items)
    ready = [item for item in items if item.user is not None]
    posts = [PositionPost(user=item.user, samples=item.body["samples"] if "samples" in item.body else [item.body],
                          own_responder_id=item.own_responder_id, language=item.language,
                          audit=(f"user:{item.user.pk}:{item.user.get_username()}", ROUTE))
             for item in ready]
    answers = dict(zip(map(id, ready), positions_ingest_many(posts=posts))) if posts else {}
    results = []
    for item in items:
        answer = answers.get(id(item), FALLBACK)
        if isinstance(answer, DatabaseError) and is_overload(answer):
            answer = OVERLOADED
        elif isinstance(answer, Exception):
            answer = FALLBACK  # Django answers the 400 (or the error) for this request in full
        results.append(answer)
    return results


def _authenticate(items: list[Item]) -> None:
    """Sets item.user and item.own_responder_id where the session is valid (as
    django.contrib.auth.get_user decides: unexpired, a known backend, an active account, the
    password hash the session was made with) and the account is a field responder linked to a
    responder (as responders.access.poster decides). Anything else stays None: Django answers."""
    rows = prepared.execute("SELECT session_key, session_data FROM django_session "
                            "WHERE session_key = ANY(%s::text[]) AND expire_date > now()",
                            [prepared.text_array({i.session_key for i in items})]).fetchall()
    sessions = {key: _decoded(data) for key, data in rows}
    user_ids = set()
    for data in sessions.values():
        try:
            user_ids.add(int(data.get(SESSION_KEY)))
        except (TypeError, ValueError):
            pass
    accounts = {row[0]: row for row in prepared.execute(
        # Driven by the batch's ids, row by row through the indexes (LATERAL ... LIMIT 1): as an
        # EXISTS, the planner read every field responder's membership for each batch.
        "SELECT u.id, u.username, u.password, u.is_active, u.is_superuser, r.id, role.yes IS NOT NULL "
        "FROM unnest(%s::bigint[]) AS q(id) JOIN auth_user u ON u.id = q.id "
        "LEFT JOIN onemap_responder r ON r.user_id = u.id "
        "LEFT JOIN LATERAL (SELECT true AS yes FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id "
        "  WHERE ug.user_id = u.id AND g.name = %s::text LIMIT 1) role ON true",
        [prepared.int_array(user_ids), Role.FIELD_RESPONDER.value]).fetchall()}
    User = get_user_model()
    for item in items:
        data = sessions.get(item.session_key) or {}
        if data.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
            continue
        try:
            account = accounts.get(int(data.get(SESSION_KEY)))
        except (TypeError, ValueError):
            continue
        if account is None:
            continue
        pk, username, password, active, superuser, responder_id, field_responder = account
        user = User(pk=pk, username=username, password=password, is_active=active, is_superuser=superuser)
        if not (active and responder_id is not None and (field_responder or superuser)):
            continue
        if not constant_time_compare(data.get(HASH_SESSION_KEY, ""), _auth_hash(user)):
            continue  # Django also tries the fallback secret keys and ends such a session
        item.user, item.own_responder_id = user, responder_id


# A session's data and an account's password hash change rarely and decoding / hashing them is
# pure (given SECRET_KEY): a signed-session decode and an HMAC per request were a third of a
# batch's Python time. The rows themselves are read for every batch, so an ended session, a
# deactivated account or a new password count at once.
def _decoded(session_data: str) -> dict:
    return _decoded_with(settings.SECRET_KEY, session_data)


@functools.lru_cache(maxsize=20000)
def _decoded_with(_secret_key: str, session_data: str) -> dict:
    return SessionStore().decode(session_data)


def _auth_hash(user) -> str:
    return _auth_hash_with(settings.SECRET_KEY, user.password)


@functools.lru_cache(maxsize=20000)
def _auth_hash_with(_secret_key: str, password: str) -> str:
    return get_user_model()(password=password).get_session_auth_hash()
