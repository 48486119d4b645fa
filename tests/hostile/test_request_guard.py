"""The request guard on every route: NUL bytes and text that is not UTF-8, deeply nested JSON, and
the body size limit (chunked bodies included) are 4xx answers that write nothing."""
import asyncio
import json

import pytest

from geo_api.common.request_guard import MAX_JSON_DEPTH, json_depth, limit_body

from .conftest import GEOJSON, ITEMS, described, dumps, feature, nested, reason, shelters_written

pytestmark = pytest.mark.django_db


# -- NUL bytes and text that is not UTF-8 -------------------------------------------------------------
@pytest.mark.parametrize("url", [
    f"{ITEMS}?f=json&name=a%00b", f"{ITEMS}?f=json&filter=name%3D%27%00%27", "/api/search/?q=%00",
    "/api/search/?q%00=1", "/ogc/collections?f=json&lang=%00", "/accounts/login/?next=%00",
])
def test_nul_in_query_parameters_is_400(client, one_of_each, url):
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert "NUL" in described(response)


@pytest.mark.parametrize("url", [f"{ITEMS}?f=json&name=%ff", "/api/search/?q=%C3%28", f"{ITEMS}?f=json&name=%ED%A0%80",
                                 "/api/layers/?x=%80"])
def test_query_parameters_that_are_not_utf8_are_400(client, one_of_each, url):
    response = client.get(url)
    assert response.status_code == 400 and "UTF-8" in described(response)


def test_raw_non_utf8_query_bytes_are_400(client, one_of_each):
    # What a client sends without percent-encoding: bytes that are latin-1, not UTF-8.
    response = client.get("/api/search/", QUERY_STRING="q=\xe9t\xe9")
    assert response.status_code == 400 and "UTF-8" in described(response)


def test_utf8_query_parameters_still_work(client, one_of_each):
    response = client.get(f"{ITEMS}?f=json&name=%E6%B5%8B%E8%AF%95")  # 测试
    assert response.status_code == 200


@pytest.mark.parametrize("body", [
    dumps(feature(name="a\u0000b")), dumps(feature(name="\\u0000 is text here")).replace("\\\\u", "\\u"),
])
def test_nul_in_json_bodies_is_400_and_writes_nothing(editing, body):
    for url, content_type in (("/api/layers/shelters/features/", "application/json"), (ITEMS, GEOJSON)):
        response = editing.post(url, body, content_type=content_type)
        assert response.status_code == 400, response.content
        assert "NUL" in described(response)
    assert shelters_written() == 0


def test_an_escaped_backslash_before_u0000_is_not_a_nul(editing):
    # "\\u0000" is a backslash followed by the text u0000: a valid name, not a NUL character.
    response = editing.post("/api/layers/shelters/features/", dumps(feature(name="C:\\u0000")),
                            content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["properties"]["name"] == "C:\\u0000"


def test_raw_nul_byte_and_lone_surrogate_in_bodies_are_400(editing):
    raw = dumps(feature()).replace("测试避难点", "a\x00b").encode()
    assert b"\x00" in raw
    response = editing.generic("POST", "/api/layers/shelters/features/", raw, content_type="application/json")
    assert response.status_code == 400 and "NUL" in described(response)
    surrogate = dumps(feature(name="x")).replace('"x"', '"\\ud800x"')
    response = editing.post(ITEMS, surrogate, content_type=GEOJSON)
    assert response.status_code == 400 and reason(response) == "invalid_unicode"
    pair = dumps(feature(name="x")).replace('"x"', '"\\ud83d\\ude92"')  # 🚒, a complete pair
    assert editing.post(ITEMS, pair, content_type=GEOJSON).status_code == 201
    assert shelters_written() == 1


@pytest.mark.parametrize("url,content_type", [
    ("/api/layers/shelters/features/", "application/json"), (ITEMS, GEOJSON),
    (ITEMS, "application/query-cql-json"), ("/accounts/login/", "application/x-www-form-urlencoded"),
])
def test_bodies_that_are_not_utf8_are_400(editing, url, content_type):
    body = dumps(feature()).encode("utf-8").replace("测试避难点".encode(), "测试".encode("gbk"))
    if content_type.endswith("urlencoded"):
        body = "username=管理员".encode("gbk")
    response = editing.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 400 and "UTF-8" in described(response)
    assert shelters_written() == 0


def test_nul_and_non_utf8_in_form_bodies_are_400(client, db):
    for body in ("username=a%00b&password=x", "username=%FF&password=x"):
        response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400 and response.json()["code"] in ("nul_character", "not_utf8")
        response = client.post("/admin/login/", body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400


def test_refusals_speak_the_clients_language(client, db):
    english = client.get("/api/search/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get("/api/search/?q=%00", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert "NUL" in english.json()["detail"] and "remove" in english.json()["detail"]
    assert "删除" in chinese.json()["detail"]


# -- deeply nested JSON -------------------------------------------------------------------------------
@pytest.mark.parametrize("url,content_type", [
    ("/api/layers/shelters/features/", "application/json"), (ITEMS, GEOJSON), (ITEMS, "application/query-cql-json"),
    ("/api/events/1/transitions/verify/", "application/json"), ("/accounts/login/", "application/json"),
])
def test_deeply_nested_json_bodies_are_400(editing, url, content_type):
    body = '{"type": "Feature", "properties": {}, "geometry": ' + nested(10_000) + "}"
    response = editing.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 400, response.content
    assert str(MAX_JSON_DEPTH) in described(response)


def test_deeply_nested_cql2_json_in_the_query_string_is_400(client, one_of_each):
    deep = '{"op": "not", "args": [' * 5_000 + '{"op": "=", "args": [{"property": "name"}, "a"]}' + "]}" * 5_000
    response = client.get(ITEMS, {"f": "json", "filter-lang": "cql2-json", "filter": deep})
    assert response.status_code == 400


def test_nesting_that_clients_need_is_accepted(editing):
    # Brackets inside strings do not count (here 180 of them), and 100 levels are allowed.
    response = editing.post("/api/layers/shelters/features/", dumps(feature(name="[" * 90, address="{[" * 45)),
                            content_type="application/json")
    assert response.status_code == 201, response.content
    assert json_depth(dumps({"a": [[{"b": "]]]]"}]]}).encode()) == 0  # under the scan's threshold
    assert json_depth(nested(MAX_JSON_DEPTH + 1).encode()) == MAX_JSON_DEPTH + 1
    assert json_depth(('["' + "[" * 200 + '"]').encode()) == 1


# -- the body size limit on every route ----------------------------------------------------------------
BIG = 5 * 1024 * 1024 + 1


@pytest.mark.parametrize("url,content_type", [
    ("/api/layers/shelters/features/", "application/json"), ("/api/search/", "application/json"),
    ("/api/changes/", "application/json"), (ITEMS, GEOJSON), (ITEMS, "application/query-cql-json"),
    ("/ogc/collections/shelters/items/1", GEOJSON), ("/accounts/login/", "application/x-www-form-urlencoded"),
    ("/admin/login/", "application/x-www-form-urlencoded"), ("/api/events/1/transitions/verify/", "application/json"),
])
def test_bodies_over_the_limit_are_413_on_every_route(editing, url, content_type):
    body = b'{"name": "' + b"x" * BIG + b'"}'
    response = editing.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 413, (url, response.status_code)
    assert "5242880" in described(response)
    if url.startswith("/ogc"):
        assert response.json()["code"] == "PayloadTooLarge"
    assert shelters_written() == 0


def test_a_lying_content_length_is_400(client, db):
    response = client.generic("POST", "/api/layers/shelters/features/", b"{}", content_type="application/json",
                              CONTENT_LENGTH="lots")
    assert response.status_code == 400 and "Content-Length" in described(response)


def _asgi(app, path, chunks, headers=()):
    """One HTTP request through an ASGI application; the body in `chunks`, no Content-Length."""
    sent, incoming = [], [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
                          for i, c in enumerate(chunks)]

    async def receive():
        if incoming:
            return incoming.pop(0)
        await asyncio.Future()  # the client waits for the answer (Django listens for a disconnect)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    return sent, incoming


def test_chunked_bodies_without_content_length_stop_at_the_limit(db):
    from geo_api.asgi import application

    chunks = [b"x" * (1024 * 1024)] * 8  # 8 MB announced by no header at all
    sent, unread = _asgi(application, "/api/layers/shelters/features/", chunks)
    assert sent[0]["status"] == 413
    assert "5242880" in json.loads(sent[1]["body"])["detail"]
    assert len(unread) == 2  # reading stopped just past the limit, before Django spooled anything


def test_small_chunked_bodies_reach_django_with_their_length(db):
    from geo_api.asgi import application

    # Django's guard reads a body only when it has a length: the NUL is found, so the body arrived.
    sent, _ = _asgi(application, "/api/search/", [b'{"q": "a', b'\\u0000"}'])
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["code"] == "nul_character"


def test_the_asgi_guard_replays_the_body_intact():
    seen = {}

    async def app(scope, receive, send):
        seen["length"] = dict(scope["headers"]).get(b"content-length")
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        seen["body"] = body
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    sent, _ = _asgi(limit_body(app), "/api/x/", [b"abc", b"def", b"g"])
    assert sent[0]["status"] == 204 and seen == {"length": b"7", "body": b"abcdefg"}
    sent, _ = _asgi(limit_body(app), "/ogc/collections", [b"x"], headers=[(b"content-length", b"9999999999")])
    assert sent[0]["status"] == 413 and json.loads(sent[1]["body"])["code"] == "PayloadTooLarge"


def test_the_asgi_guard_words_its_refusals_in_the_clients_language(db):
    """The guard negotiates the language only when it refuses; the refusal still follows
    Accept-Language, for a declared length, a chunked body and a query string alike."""
    from geo_api.asgi import application

    def detail(language, chunks, **extra):
        headers = [(b"accept-language", language.encode()), *extra.get("headers", [])]
        sent, _ = _asgi(application, extra.get("path", "/api/layers/shelters/features/"), chunks, headers=headers)
        return sent[0]["status"], json.loads(sent[1]["body"])["detail"]

    too_long = [(b"content-length", b"9999999999")]
    (status, english), (_, chinese) = detail("en", [b"x"], headers=too_long), detail("zh-CN,zh;q=0.9", [b"x"], headers=too_long)
    assert status == 413 and english.startswith("The request body") and "请求体" in chinese
    chunked_en = detail("en", [b"x" * (1024 * 1024)] * 8)[1]
    chunked_zh = detail("zh-CN", [b"x" * (1024 * 1024)] * 8)[1]
    assert chunked_en.startswith("The request body") and "请求体" in chunked_zh
