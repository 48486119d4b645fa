"""Hostile or malformed requests get a 4xx a person can act on, never a 500 (issue 8, part 4)."""
import pytest

from tests.helpers import tile_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_tile_route_answers_reads_only(client, one_of_each, method):
    point = one_of_each["shelters"].geom
    x, y = tile_of(point.x, point.y, 14)
    response = getattr(client, method)(f"/ogc/collections/shelters/tiles/WebMercatorQuad/14/{y}/{x}")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert method.upper() in response.json()["description"]


@pytest.mark.parametrize("url", ["/ogc/collections/shelters", "/ogc/collections/shelters/queryables",
                                 "/ogc/collections/shelters/tiles", "/ogc/conformance", "/ogc/collections"])
def test_every_ogc_405_says_what_is_allowed(client, one_of_each, url):
    response = client.delete(url)
    assert response.status_code == 405 and "GET" in response["Allow"]


# -- shared fixtures ---------------------------------------------------------------------------------
import asyncio  # noqa: E402
import json  # noqa: E402
from functools import partial  # noqa: E402

from geo_api.audit.models import AuditEntry  # noqa: E402
from geo_api.common.request_guard import MAX_JSON_DEPTH, json_depth, limit_body  # noqa: E402
from tests import factories  # noqa: E402

ITEMS = "/ogc/collections/shelters/items"
SHELTER = {"code": "SH-HOSTILE-1", "name": "测试避难点", "shelter_class": "III", "shelter_type": "emergency",
           "space_type": "outdoor", "tier": "community", "area_m2": 600, "capacity": 300,
           "managing_unit": "长宁区应急管理局", "address": "长宁区仙霞路9号"}
POINT = {"type": "Point", "coordinates": [121.402, 31.212]}
GEOJSON = "application/geo+json"
dumps = partial(json.dumps, ensure_ascii=False)


def feature(geometry=POINT, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": {**SHELTER, **properties}}


@pytest.fixture
def editing(client, editor):
    client.force_login(editor)
    return client


def nested(levels):
    return "[" * levels + "]" * levels


def shelters_written():
    return AuditEntry.objects.filter(table_name="onemap_shelter").count()


def described(response):
    body = response.json()
    return body.get("description") or body.get("detail")


def reason(response):
    """The machine-readable code: `reason` in OGC exception documents, `code` under /api."""
    body = response.json()
    return body.get("reason") or body.get("code")


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


# -- geometries on create and update (/api and OGC Part 4) -------------------------------------------
MALFORMED = [
    ({"type": "Point", "coordinates": ["121.4", 31.2]}, "numbers only"),
    ({"type": "Point", "coordinates": [121.4]}, "[longitude, latitude]"),
    ({"type": "Point", "coordinates": [121.4, 31.2, 4.0, 1.0]}, "[longitude, latitude]"),
    ({"type": "Point", "coordinates": [1e400, 31.2]}, "finite"),
    ({"type": "Point", "coordinates": []}, "[longitude, latitude]"),
    ({"type": "Point", "coordinates": None}, "[longitude, latitude]"),
    ({"type": "Point", "coordinates": [[121.4, 31.2]]}, "[longitude, latitude]"),
    ({"type": "Pointe", "coordinates": [121.4, 31.2]}, "Pointe"),
    ({"type": "Polygon", "coordinates": [[1, 2]]}, "Each position of a Polygon"),
    ({"type": "Polygon", "coordinates": [[[121.4, 31.2], [121.41, 31.2], [121.41, 31.21]]]}, "ring"),
    ({"type": "LineString", "coordinates": [[121.4, 31.2]]}, "2 positions"),
]


@pytest.mark.parametrize("geometry,message", MALFORMED, ids=[m for _, m in MALFORMED])
def test_malformed_geometries_are_400_on_create_and_update(editing, one_of_each, geometry, message):
    before = shelters_written()
    with translation_en(editing):
        body = dumps(feature(geometry)).replace("Infinity", "1e400")  # as a client writes it
        created = editing.post("/api/layers/shelters/features/", body, content_type="application/json")
        assert created.status_code == 400, created.content
        assert message in " ".join(created.json()["errors"]["geometry"])
        ogc = editing.post(ITEMS, body, content_type=GEOJSON)
        # orjson refuses 1e400 itself ("number is infinity"); every other message is ours.
        assert ogc.status_code == 400 and (message in ogc.json()["description"] or "infinity" in ogc.json()["description"])
        shelter = one_of_each["shelters"]
        etag = editing.get(f"/api/layers/shelters/features/{shelter.pk}/")["ETag"]
        patch = editing.patch(f"/api/layers/shelters/features/{shelter.pk}/", dumps({"type": "Feature", "geometry": geometry}),
                              content_type="application/json", HTTP_IF_MATCH=etag)
        assert patch.status_code == 400, patch.content
        put = editing.put(f"{ITEMS}/{shelter.pk}", body, content_type=GEOJSON, HTTP_IF_MATCH=etag)
        assert put.status_code == 400, put.content
    shelter.refresh_from_db()
    assert shelters_written() == before and shelter.geom.coords == one_of_each["shelters"].geom.coords


def test_altitudes_are_dropped_the_same_way_on_every_route(editing):
    with_z = {"type": "Point", "coordinates": [121.402, 31.212, 12.5]}
    created = editing.post("/api/layers/shelters/features/", dumps(feature(with_z)), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["geometry"]["coordinates"] == [121.402, 31.212]
    ogc = editing.post(ITEMS, dumps(feature(with_z, code="SH-HOSTILE-2")), content_type=GEOJSON)
    assert ogc.status_code == 201, ogc.content
    fid = ogc["Location"].rstrip("/").split("/")[-1]
    assert editing.get(f"{ITEMS}/{fid}?f=json").json()["geometry"]["coordinates"] == [121.402, 31.212]
    fid = created.json()["id"]
    etag = editing.get(f"/api/layers/shelters/features/{fid}/")["ETag"]
    moved = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.403, 31.213, 3]}}
    patched = editing.patch(f"/api/layers/shelters/features/{fid}/", dumps(moved), content_type="application/json",
                            HTTP_IF_MATCH=etag)
    assert patched.status_code == 200 and patched.json()["geometry"]["coordinates"] == [121.403, 31.213]


def test_3d_polygons_and_mixed_dimensions_are_stored_2d(editing, client):
    ring = [[121.40, 31.20, 5], [121.41, 31.20], [121.41, 31.21, 7], [121.40, 31.21, 1], [121.40, 31.20, 5]]
    zone = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"name": "三维风险区", "zone_type": "waterlogging", "risk_colour": "yellow",
                           "responsible_unit": "长宁区水务局"}}
    response = editing.post("/api/layers/risk_zones/features/", dumps(zone), content_type="application/json")
    assert response.status_code == 201, response.content
    coordinates = response.json()["geometry"]["coordinates"]
    assert {len(position) for polygon in coordinates for ring in polygon for position in ring} == {2}


class translation_en:
    """English messages for assertions on their wording."""

    def __init__(self, client):
        self.client = client

    def __enter__(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def __exit__(self, *exc):
        self.client.defaults.pop("HTTP_ACCEPT_LANGUAGE", None)


# -- geometries in CQL2 filters -----------------------------------------------------------------------
def intersects(geometry):
    return {"op": "s_intersects", "args": [{"property": "geometry"}, geometry]}


BAD_FILTER_GEOMETRIES = [
    ({"type": "Polygon", "coordinates": [[1, 2]]}, "Each position of a Polygon"),
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}, "not valid"),
    ({"type": "Point", "coordinates": [121.4, 95]}, "latitude -90..90"),
    ({"type": "Point", "coordinates": [1e400, 31]}, "finite"),
    ({"type": "LineString", "coordinates": [[121.4, 31.2]]}, "2 positions"),
]


@pytest.mark.parametrize("geometry,message", BAD_FILTER_GEOMETRIES, ids=[m for _, m in BAD_FILTER_GEOMETRIES])
def test_bad_geometries_in_cql2_json_are_400(client, one_of_each, geometry, message):
    body = json.dumps(intersects(geometry))  # 1e400 is written as Infinity: send it as the number
    body = body.replace("Infinity", "1e400")
    posted = client.post(f"{ITEMS}?f=json", body, content_type="application/query-cql-json", HTTP_ACCEPT_LANGUAGE="en")
    assert posted.status_code == 400, posted.content
    assert message in posted.json()["description"]
    query = client.get(ITEMS, {"f": "json", "filter-lang": "cql2-json", "filter": body}, HTTP_ACCEPT_LANGUAGE="en")
    assert query.status_code == 400 and message in query.json()["description"]


@pytest.mark.parametrize("text,message", [
    ("S_INTERSECTS(geometry, POLYGON((1 2)))", "ring"),
    ("S_INTERSECTS(geometry, POLYGON((1 2, 3 4)))", "ring"),
    ("S_INTERSECTS(geometry, LINESTRING(121 31))", "2 positions"),
    ("S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))", "not valid"),
    ("S_INTERSECTS(geometry, POINT(200 31))", "longitude -180..180"),
    ("S_INTERSECTS(geometry, POINT(1 nan))", "filter"),
    ("BBOX(geometry, 122, 31, 121, 32)", "must not exceed"),
])
def test_bad_wkt_in_cql2_text_is_400(client, one_of_each, text, message):
    response = client.get(ITEMS, {"f": "json", "filter": text}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    assert message in response.json()["description"]


def test_good_spatial_filters_still_answer(client, one_of_each):
    box = {"type": "Polygon", "coordinates": [[[121, 31], [122, 31], [122, 32], [121, 32], [121, 31]]]}
    with_z = {"type": "Polygon", "coordinates": [[[121, 31, 0], [122, 31, 0], [122, 32, 0], [121, 32, 0], [121, 31, 0]]]}
    for geometry in (box, with_z):
        response = client.post(f"{ITEMS}?f=json", json.dumps(intersects(geometry)),
                               content_type="application/query-cql-json")
        assert response.status_code == 200 and len(response.json()["features"]) == 1
    inside = client.get(ITEMS, {"f": "json", "filter": "BBOX(geometry, 121, 31, 122, 32)"})
    assert inside.status_code == 200 and len(inside.json()["features"]) == 1


# -- tile matrix sets, and the links of the tiles and conformance documents -----------------------------
def local(href):
    return href.replace("http://testserver", "")


def rels(document):
    return {link["rel"] for link in document["links"]}


def test_every_tileset_links_to_a_tile_matrix_set_that_answers(client, one_of_each):
    tiles = client.get("/ogc/collections/shelters/tiles?f=json").json()
    schemes = [link["href"] for tileset in tiles["tilesets"] for link in tileset["links"]
               if link["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"]
    assert schemes
    for href in schemes:
        response = client.get(local(href))
        assert response.status_code == 200, (href, response.content[:300])
        tms = response.json()
        assert tms["id"] == "WebMercatorQuad" and tms["crs"] == "http://www.opengis.net/def/crs/EPSG/0/3857"
        assert tms["uri"] == "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
        assert [m["id"] for m in tms["tileMatrices"]][:3] == ["0", "1", "2"]
        first = tms["tileMatrices"][0]
        assert first["matrixWidth"] == first["matrixHeight"] == 1 and first["tileWidth"] == 256
        assert first["pointOfOrigin"] == [-20037508.3427892, 20037508.3427892]
        assert "self" in rels(tms)
    html = client.get("/ogc/TileMatrixSets/WebMercatorQuad?f=html")
    assert html.status_code == 200 and b"WebMercatorQuad" in html.content


def test_tile_matrix_set_list_and_unknown_sets(client, db):
    for url in ("/ogc/TileMatrixSets?f=json", "/ogc/tileMatrixSets?f=json", "/ogc/tileMatrixSets/WebMercatorQuad"):
        assert client.get(url).status_code == 200, url
    listing = client.get("/ogc/TileMatrixSets?f=json").json()
    assert [s["id"] for s in listing["tileMatrixSets"]] == ["WebMercatorQuad"]
    entry = listing["tileMatrixSets"][0]
    assert [link["rel"] for link in entry["links"]].count("self") == 1
    assert [link["rel"] for link in listing["links"]].count("self") == 1
    for link in [*entry["links"], *listing["links"]]:
        assert client.get(local(link["href"])).status_code == 200, link
    unknown = client.get("/ogc/TileMatrixSets/WorldCRS84Quad?f=json")
    assert unknown.status_code == 404 and "WebMercatorQuad" in unknown.json()["description"]
    assert client.get("/ogc/TileMatrixSets?f=html").status_code == 200


def test_tiles_documents_carry_their_required_links_and_they_answer(client, one_of_each):
    tiles = client.get("/ogc/collections/shelters/tiles?f=json").json()
    for tileset in tiles["tilesets"]:
        assert {"self", "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"} <= rels(tileset)
        assert {"dataType", "crs", "links"} <= set(tileset)
    metadata = client.get("/ogc/collections/shelters/tiles/WebMercatorQuad/metadata?f=json").json()
    assert {"self", "item", "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme",
            "http://www.opengis.net/def/rel/ogc/1.0/geodata"} <= rels(metadata)
    documents = [tiles, metadata, *tiles["tilesets"]]
    for link in [link for document in documents for link in document["links"]]:
        if "{" in link["href"] or link["type"] in ("application/ld+json",):
            continue  # URL templates; JSON-LD is pygeoapi's own rendering
        response = client.get(local(link["href"]))
        assert response.status_code == 200, (link, response.status_code)


def test_conformance_document_links_to_itself(client, db):
    document = client.get("/ogc/conformance?f=json").json()
    assert "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset" in document["conformsTo"]
    assert [link["rel"] for link in document["links"]] == ["self", "alternate"]
    for link in document["links"]:
        assert client.get(local(link["href"])).status_code == 200


# -- bbox and offset -----------------------------------------------------------------------------------
@pytest.mark.parametrize("bbox,message", [
    ("nan,31,122,32", "finite"), ("121,31,inf,32", "finite"), ("1e400,31,122,32", "finite"),
    ("121,-inf,122,32", "finite"), ("121,31,122", "4 numbers"), ("121,31,122,32,5", "4 numbers"),
    ("122,31,121,32", "less than or equal"), ("121,32,122,31", "less than or equal"),
    ("121,31,0,122,32,-1", "less than or equal"), ("121,31,122,95", "latitude"), ("-190,31,122,32", "longitude"),
    ("121,31,122,x", "numbers"), ("", "4 numbers"),
])
def test_bad_bbox_is_400(client, one_of_each, bbox, message):
    response = client.get(ITEMS, {"f": "json", "bbox": bbox})
    assert response.status_code == 400, response.content
    assert message in response.json()["description"]


def test_good_bboxes_still_answer(client, one_of_each):
    assert len(client.get(ITEMS, {"f": "json", "bbox": "121,31,122,32"}).json()["features"]) == 1
    assert len(client.get(ITEMS, {"f": "json", "bbox": "121,31,-10,122,32,10"}).json()["features"]) == 1
    projected = client.get(ITEMS, {"f": "json", "bbox": "13400000,3600000,13600000,3700000",
                                   "bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/3857"})
    assert projected.status_code == 200 and len(projected.json()["features"]) == 1


def test_offset_is_honoured_without_sortby_and_next_links_continue(client, db):
    for i in range(6):
        factories.shelter(i)
    everything = [f["id"] for f in client.get(ITEMS, {"f": "json"}).json()["features"]]
    page = client.get(ITEMS, {"f": "json", "offset": 2, "limit": 2}).json()
    assert [f["id"] for f in page["features"]] == everything[2:4]
    nxt = [link["href"] for link in page["links"] if link["rel"] == "next"]
    assert len(nxt) == 1 and "offset=" not in nxt[0]
    rest = client.get(local(nxt[0])).json()
    assert [f["id"] for f in rest["features"]] == everything[4:6]
    assert [f["id"] for f in client.get(ITEMS, {"f": "json", "offset": 5}).json()["features"]] == everything[5:]
    assert client.get(ITEMS, {"f": "json", "offset": 99}).json()["features"] == []
    deep = client.get(ITEMS, {"f": "json", "offset": 10**20})
    assert deep.status_code == 400 and "next" in deep.json()["description"]
