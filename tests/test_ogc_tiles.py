"""Vector tiles for every layer, decoded and checked against the slim view's properties."""
import mapbox_vector_tile
import pytest

from layers.registry import load_catalog
from tests.helpers import LAYER_IDS, tile_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, commander, one_of_each):
    client.force_login(commander)
    return client


def feature_point(reader, layer_id):
    feature = reader.get(f"/ogc/collections/{layer_id}/items?f=json").json()["features"][0]
    geometry = feature["geometry"]
    coords = geometry["coordinates"]
    while isinstance(coords[0], list):
        coords = coords[0]
    return feature, coords


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_tile_holds_the_feature_with_published_properties_only(reader, layer_id):
    layer = load_catalog().get(layer_id)
    feature, (lon, lat) = feature_point(reader, layer_id)
    z = max(14, layer.minzoom)
    x, y = tile_of(lon + 1e-6, lat - 1e-6, z)
    response = reader.get(f"/ogc/collections/{layer_id}/tiles/WebMercatorQuad/{z}/{y}/{x}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    decoded = mapbox_vector_tile.decode(response.content)
    assert list(decoded) == [layer_id]
    tile_features = decoded[layer_id]["features"]
    assert [f["id"] for f in tile_features] == [feature["id"]]
    published = {p.name for p in layer.published}
    assert set(tile_features[0]["properties"]) <= published
    assert "id" not in tile_features[0]["properties"]


def test_empty_tile_is_204(reader):
    assert reader.get("/ogc/collections/shelters/tiles/WebMercatorQuad/14/0/0").status_code == 204


def test_below_min_zoom_is_204_and_out_of_range_is_404(reader):
    camera_layer = load_catalog().get("cameras")
    z = camera_layer.minzoom - 1
    x, y = tile_of(121.41, 31.23, z)
    assert reader.get(f"/ogc/collections/cameras/tiles/WebMercatorQuad/{z}/{y}/{x}").status_code == 204
    assert reader.get("/ogc/collections/cameras/tiles/WebMercatorQuad/3/9/9").status_code == 404
    assert reader.get("/ogc/collections/cameras/tiles/WorldCRS84Quad/3/1/1").status_code in (400, 404)


def test_tileset_metadata(reader):
    tilesets = reader.get("/ogc/collections/shelters/tiles?f=json")
    assert tilesets.status_code == 200, tilesets.content
    links = tilesets.json()["tilesets"][0]["links"]
    assert any("WebMercatorQuad" in link["href"] for link in links)
    meta = reader.get("/ogc/collections/shelters/tiles/WebMercatorQuad/metadata?f=json")
    assert meta.status_code == 200, meta.content
    assert meta.json()["tileMatrixSetURI"].endswith("WebMercatorQuad")
