"""Refuses hostile request shapes before any view, parser or pygeoapi reads them, on every route
(/api, /ogc, the admin, pages), with a 4xx whose message says what to send instead:

- a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (413). Django checks that limit only where it
  parses a body itself; DRF's parsers and pygeoapi read the stream directly, and under ASGI Django
  spools a body without Content-Length (chunked) to disk whatever its size. `limit_body` (wrapped
  around the ASGI application) counts a chunked body as it arrives and stops it at the limit, then
  hands it on with its Content-Length, so every parser downstream sees the same body and limit;
- NUL bytes (PostgreSQL text cannot hold them) and bytes that are not UTF-8, in the path, query
  parameters and text bodies (JSON, forms, CQL), raw or escaped (%00, \\u0000), and lone
  surrogates (\\ud800), which cannot be stored either;
- JSON nested deeper than MAX_JSON_DEPTH: Python's json parser recurses once per level and fails
  with RecursionError (a 500) around 1,000; GeoJSON needs 6 levels, CQL2 filters (at most 20
  levels, ogc/cql2_sql.py) about 45.

Answers are JSON: the OGC exception document under /ogc, DRF's {"detail", "code"} elsewhere."""
from __future__ import annotations

import itertools
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_JSON_DEPTH = 100
# Bodies that may be binary; every other body is text and must be UTF-8.
BINARY_TYPES = ("multipart/form-data", "application/octet-stream")

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
# An escape is real when an odd number of backslashes precede the `u`.
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)(?:\\\\)*(?:\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})")


# Translated only when a refusal is worded (check_body runs for every request with a text body).
_THE_BODY = gettext_lazy("the request body")


class Problem(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def body_limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _too_large(size: int | None) -> Problem:
    limit = body_limit()
    return Problem(413, "request_too_large", _(
        "The request body is %(size)s bytes; at most %(limit)s bytes (%(mb)s MB) are accepted. Send less "
        "at a time, e.g. fewer features per request.") % {
        "size": size if size is not None else _("more than %(limit)s") % {"limit": limit},
        "limit": limit, "mb": round(limit / 1024 / 1024, 1)})


def json_depth(text: bytes) -> int:
    """How deeply arrays and objects nest in `text` (brackets inside strings do not count); 0 when
    `text` has too few brackets to pass MAX_JSON_DEPTH, which is not scanned then."""
    if text.count(b"[") + text.count(b"{") <= MAX_JSON_DEPTH:
        return 0  # cannot exceed the limit: skip the scan for ordinary bodies
    brackets = _STRING.sub(b"", text).translate(None, _NOT_BRACKETS)
    return max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def check_json_text(text: bytes, where: str) -> None:
    if json_depth(text) > MAX_JSON_DEPTH:
        raise Problem(400, "too_deep", _(
            "The JSON in %(where)s is nested more than %(depth)s levels deep; GeoJSON and CQL2 filters "
            "need far fewer. Flatten it.") % {"where": where, "depth": MAX_JSON_DEPTH})
    if _ESCAPED_NUL.search(text):
        raise Problem(400, "nul_character", _(
            "The JSON in %(where)s contains the NUL character (\\u0000), which text cannot hold here; "
            "remove it.") % {"where": where})
    if _LONE_SURROGATE.search(text):
        raise Problem(400, "invalid_unicode", _(
            "The JSON in %(where)s contains half of a UTF-16 surrogate pair (\\ud800-\\udfff alone), which "
            "is not a character; send complete characters.") % {"where": where})


def check_pairs(raw: bytes, where: str) -> None:
    """`a=1&b=2` as in a query string or a form body: every name and value, once %-decoded, must be
    UTF-8 without NUL; values that look like JSON (CQL2 filters) are checked as JSON."""
    for part in raw.split(b"&"):
        name, _eq, value = part.partition(b"=")
        name_bytes = unquote_to_bytes(name.replace(b"+", b" "))
        label = name_bytes.decode("utf-8", "replace")[:60] or "?"
        for piece in (name_bytes, unquote_to_bytes(value.replace(b"+", b" "))):
            if b"\x00" in piece:
                raise Problem(400, "nul_character", _(
                    "The parameter “%(name)s” in %(where)s contains a NUL byte (%%00); remove it.")
                    % {"name": label, "where": where})
            try:
                piece.decode("utf-8")
            except UnicodeDecodeError:
                raise Problem(400, "not_utf8", _(
                    "The parameter “%(name)s” in %(where)s is not UTF-8 text; percent-encode UTF-8 bytes "
                    "(e.g. %%E9%%95%%BF for 长).") % {"name": label, "where": where}) from None
            if piece[:1] in (b"{", b"["):
                check_json_text(piece, _("the parameter “%(name)s”") % {"name": label})


def check_content_length(value: str | bytes | None) -> int | None:
    if value in (None, "", b""):
        return None
    try:
        size = int(value)
        if size < 0:
            raise ValueError
    except ValueError:
        raise Problem(400, "bad_content_length", _("Content-Length must be a whole number of bytes.")) from None
    if size > body_limit():
        raise _too_large(size)
    return size


def check_body(body: bytes, content_type: str) -> None:
    if not body or content_type.startswith(BINARY_TYPES):
        return
    where = _THE_BODY
    if b"\x00" in body:
        raise Problem(400, "nul_character", _(
            "The request body contains a NUL byte; send text (JSON, a form or CQL2) without it."))
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "not_utf8", _(
            "The request body is not UTF-8 text (byte %(position)s); send it encoded as UTF-8.")
            % {"position": exc.start}) from None
    if content_type == "application/x-www-form-urlencoded":
        check_pairs(body, where)
    elif "json" in content_type or body.lstrip()[:1] in (b"{", b"["):
        # pygeoapi reads any POST body to /items as CQL2 JSON, whatever its declared type.
        check_json_text(body, where)


def _raw_query(request) -> bytes:
    scope = getattr(request, "scope", None)
    if scope is not None:
        return scope.get("query_string", b"")
    return request.META.get("QUERY_STRING", "").encode("latin-1", "replace")  # WSGI: bytes as latin-1


def check_request(request) -> None:
    if "\x00" in request.path_info:
        raise Problem(400, "nul_character", _("The address contains a NUL byte; remove it."))
    query = _raw_query(request)
    if query:
        check_pairs(query, _("the query string"))
    size = check_content_length(request.META.get("CONTENT_LENGTH"))
    content_type = request.content_type or ""
    if size and not content_type.startswith(BINARY_TYPES):
        check_body(request.body, content_type)


def error_response(path: str, problem: Problem) -> JsonResponse:
    if path.startswith(f"/{settings.OGC_MOUNT}"):
        from ogc.errors import exception_document  # the OGC exception document, as /ogc answers

        code = "PayloadTooLarge" if problem.status == 413 else "InvalidParameterValue"
        return exception_document(problem.status, code, problem.message, reason=problem.code)
    return JsonResponse({"detail": problem.message, "code": problem.code}, status=problem.status,
                        json_dumps_params={"ensure_ascii": False})


class RequestGuardMiddleware:
    """First after the security headers: nothing else has read the request yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # LocaleMiddleware has not run yet: word any refusal in the client's language here.
        with translation.override(translation.get_language_from_request(request)):
            try:
                check_request(request)
            except Problem as problem:
                return error_response(request.path, problem)
        return self.get_response(request)


# -- ASGI: the body limit before Django reads anything ------------------------------------------------
class _Headers:
    """Enough of a request for translation.get_language_from_request."""

    def __init__(self, scope):
        self.COOKIES = {}
        self.META = {"HTTP_ACCEPT_LANGUAGE": _header(scope, b"accept-language").decode("latin-1")}
        self.path_info = scope.get("path", "/")


def _header(scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value
    return b""


async def _refuse(scope, send, problem: Problem) -> None:
    response = error_response(scope.get("path", "/"), problem)
    headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
               (b"content-length", str(len(response.content)).encode())]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.content})


def _check_head(scope) -> int | None:
    """The query string and the declared length; the declared length (None: not declared)."""
    query = scope.get("query_string", b"")
    if query:
        check_pairs(query, _("the query string"))
    return check_content_length(_header(scope, b"content-length").decode("latin-1") or None)


def _client_language(scope):
    return translation.override(translation.get_language_from_request(_Headers(scope)))


def limit_body(app):
    """Wraps the HTTP side of the ASGI application: a declared Content-Length over the limit is
    refused before reading, and a body without one is read only up to the limit."""

    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        try:
            declared = _check_head(scope)
        except Problem:
            # Worded in the client's language: negotiated only for a refusal (for every request
            # it was ~4 % of a worker's CPU at 1,000 phones x 1 Hz, bench/positions.py).
            with _client_language(scope):
                try:
                    declared = _check_head(scope)
                except Problem as problem:
                    return await _refuse(scope, send, problem)
        if declared is not None:
            # The server frames the body by its Content-Length: it cannot grow past it.
            return await app(scope, receive, send)
        limit, size, messages = body_limit(), 0, []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # the client went away: Django sees it
            size += len(message.get("body", b""))
            if size > limit:
                with _client_language(scope):
                    return await _refuse(scope, send, _too_large(None))
            if not message.get("more_body", False):
                break
        if size:
            scope = {**scope, "headers": [*scope.get("headers", []), (b"content-length", str(size).encode())]}
        pending = iter(messages)

        async def replay():
            for message in pending:
                return message
            return await receive()

        return await app(scope, replay, send)

    return guarded
