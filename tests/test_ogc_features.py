"""OGC API Features against real PostGIS: every collection, items, item, bbox, CRS, CQL2, paging."""
import json

import pytest

from tests import factories
from tests.helpers import LAYER_IDS, all_pages, db_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, commander, one_of_each):
    client.force_login(commander)
    return client


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_items_match_database(reader, layer_id):
    body = reader.get(f"/ogc/collections/{layer_id}/items?f=json").json()
    assert body["numberMatched"] == db_count(layer_id) == len(body["features"]) == 1
    feature = body["features"][0]
    single = reader.get(f"/ogc/collections/{layer_id}/items/{feature['id']}?f=json")
    assert single.status_code == 200
    assert single.json()["properties"] == feature["properties"]


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_items_carry_only_published_properties(reader, layer_id):
    from layers.registry import load_catalog

    layer = load_catalog().get(layer_id)
    feature = reader.get(f"/ogc/collections/{layer_id}/items?f=json").json()["features"][0]
    assert list(feature["properties"]) == [p.name for p in layer.published]


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_bbox_cql2_and_queryables(reader, layer_id):
    inside = reader.get(f"/ogc/collections/{layer_id}/items?bbox=121.3,31.1,121.5,31.3&f=json").json()
    outside = reader.get(f"/ogc/collections/{layer_id}/items?bbox=100,10,101,11&f=json").json()
    assert len(inside["features"]) == 1 and outside["features"] == []
    queryables = reader.get(f"/ogc/collections/{layer_id}/queryables?f=json").json()["properties"]
    none = reader.get(f"/ogc/collections/{layer_id}/items", {"filter": "id < 0 OR FALSE = TRUE", "f": "json"})
    assert none.status_code in (200, 400)
    spatial = reader.get(f"/ogc/collections/{layer_id}/items", {
        "filter": "S_INTERSECTS(geometry, POLYGON((121.3 31.1, 121.5 31.1, 121.5 31.3, 121.3 31.3, 121.3 31.1)))",
        "f": "json"})
    assert spatial.status_code == 200, spatial.content
    assert len(spatial.json()["features"]) == 1
    assert "geometry" in queryables or "geom" in queryables or len(queryables) > 0


def test_property_filter_cql2_text_and_json(reader):
    factories.shelter(1, capacity=100, name="小学避难点")
    factories.shelter(2, capacity=9000, name="中山公园避难场所")
    url = "/ogc/collections/shelters/items"
    text = reader.get(url, {"filter": "capacity > 2000 AND name LIKE '%公园%'", "f": "json"}).json()
    assert [f["properties"]["name"] for f in text["features"]] == ["中山公园避难场所"]
    cql_json = json.dumps({"op": "and", "args": [
        {"op": ">", "args": [{"property": "capacity"}, 2000]},
        {"op": "like", "args": [{"property": "name"}, "%公园%"]}]})
    as_param = reader.get(url, {"filter": cql_json, "filter-lang": "cql2-json", "f": "json"}).json()
    as_body = reader.post(f"{url}?f=json", data=cql_json, content_type="application/query-cql-json").json()
    assert as_param["features"] == text["features"] == as_body["features"]
    between = reader.get(url, {"filter": "capacity BETWEEN 50 AND 2600", "f": "json"}).json()
    assert {f["properties"]["capacity"] for f in between["features"]} == {100, 2500}
    in_list = reader.get(url, {"filter": "code IN ('SH00001','SH00002')", "f": "json"}).json()
    assert len(in_list["features"]) == 2
    plain = reader.get(url, {"capacity": "9000", "f": "json"}).json()
    assert [f["properties"]["capacity"] for f in plain["features"]] == [9000]


def test_keyset_paging_follows_next_links_to_the_end(reader):
    for i in range(1, 25):
        factories.shelter(i)
    features, pages = all_pages(reader, "/ogc/collections/shelters/items?limit=7&f=json")
    ids = [f["id"] for f in features]
    assert len(ids) == len(set(ids)) == db_count("shelters") == 25
    assert ids == sorted(ids)
    assert pages == 4
    first = reader.get("/ogc/collections/shelters/items?limit=7&f=json").json()
    nxt = [link["href"] for link in first["links"] if link["rel"] == "next"][0]
    assert "cursor=" in nxt and "offset=" not in nxt and "limit=7" in nxt


def test_exactly_full_last_page_has_no_next_link(reader):
    for i in range(1, 10):
        factories.shelter(i)
    features, pages = all_pages(reader, "/ogc/collections/shelters/items?limit=5&f=json")
    assert len(features) == 10 and pages == 2


def test_sortby_pages_with_offset(reader):
    for i in range(1, 6):
        factories.shelter(i, capacity=100 * i)
    features, _ = all_pages(reader, "/ogc/collections/shelters/items?limit=2&sortby=-capacity&f=json")
    capacities = [f["properties"]["capacity"] for f in features]
    assert capacities == sorted(capacities, reverse=True) and len(capacities) == 6


@pytest.mark.parametrize("crs,expected,header", [
    ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", (121.36, 31.21), "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"),
    ("http://www.opengis.net/def/crs/EPSG/0/4326", (31.21, 121.36), "<http://www.opengis.net/def/crs/EPSG/0/4326>"),
    ("http://www.opengis.net/def/crs/EPSG/0/4490", (31.21, 121.36), "<http://www.opengis.net/def/crs/EPSG/0/4490>"),
    ("http://www.opengis.net/def/crs/EPSG/0/3857", (13509733.4, 3660051.8), "<http://www.opengis.net/def/crs/EPSG/0/3857>"),
])
def test_crs_output_and_content_crs(reader, crs, expected, header):
    response = reader.get("/ogc/collections/shelters/items", {"crs": crs, "f": "json"})
    assert response.status_code == 200, response.content
    assert response["Content-Crs"] == header
    x, y = response.json()["features"][0]["geometry"]["coordinates"]
    assert x == pytest.approx(expected[0], abs=0.5) and y == pytest.approx(expected[1], abs=0.5)


def test_gauss_kruger_cgcs2000(reader):
    response = reader.get("/ogc/collections/shelters/items",
                          {"crs": "http://www.opengis.net/def/crs/EPSG/0/4549", "f": "json"})
    northing, easting = response.json()["features"][0]["geometry"]["coordinates"]
    assert 3_400_000 < northing < 3_500_000 and 600_000 < easting < 660_000


def test_bbox_crs(reader):
    # The same area as lat/lon (EPSG:4326 axis order) and as Web Mercator metres.
    lat_lon = reader.get("/ogc/collections/shelters/items", {
        "bbox": "31.2,121.35,31.22,121.37", "bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/4326", "f": "json"})
    merc = reader.get("/ogc/collections/shelters/items", {
        "bbox": "13508000,3658000,13511000,3661000", "bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
        "f": "json"})
    assert len(lat_lon.json()["features"]) == 1 and len(merc.json()["features"]) == 1


def test_html_pages_render(reader):
    for url in ["/ogc/", "/ogc/collections", "/ogc/collections/shelters", "/ogc/collections/shelters/items",
                "/ogc/conformance"]:
        response = reader.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert b"<html" in response.content.lower()


def test_base_url_without_slash_serves_landing_page(reader):
    assert reader.get("/ogc?f=json").status_code == 200
    assert reader.get("/ogc/?f=json").json()["links"]


def test_openapi_document_lists_collections(reader):
    doc = reader.get("/ogc/openapi?f=json").json()
    assert "/collections/shelters/items" in doc["paths"]


def test_values_with_angle_brackets_round_trip(reader):
    factories.shelter(3, name="温度>40℃ <临时>")
    names = [f["properties"]["name"] for f in reader.get("/ogc/collections/shelters/items?f=json").json()["features"]]
    assert "温度>40℃ <临时>" in names


@pytest.mark.parametrize("language", ["zh-hans", "zh-Hans-CN", "zh-CN,zh;q=0.9,en;q=0.8", "en-US", "fr"])
def test_any_accept_language_is_served(reader, language):
    response = reader.get("/ogc/collections/shelters/items?f=json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert reader.get("/ogc/collections/shelters/items", {"f": "json", "lang": language.split(",")[0]}).status_code == 200
