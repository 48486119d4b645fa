"""OGC routes: methods and their Allow headers, tile matrix sets and the links of the tiles and
conformance documents, bbox and offset rules."""
import pytest

from tests import factories
from tests.helpers import tile_of

from .conftest import ITEMS

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
