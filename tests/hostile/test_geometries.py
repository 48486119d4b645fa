"""Malformed geometries on create and update (/api and OGC Part 4) and inside CQL2 filters are 400s
naming the problem; altitudes are dropped the same way everywhere."""
import json

import pytest

from .conftest import GEOJSON, ITEMS, dumps, feature, shelters_written

pytestmark = pytest.mark.django_db


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
