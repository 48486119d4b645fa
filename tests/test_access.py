"""Restricted and internal layers refuse anonymous readers on every /ogc and /api route."""
import pytest

from layers.registry import load_catalog
from tests.helpers import tile_of

pytestmark = pytest.mark.django_db


def routes(layer_id):
    x, y = tile_of(121.42, 31.2005, 14)
    return [
        f"/ogc/collections/{layer_id}",
        f"/ogc/collections/{layer_id}/items",
        f"/ogc/collections/{layer_id}/items?f=html",
        f"/ogc/collections/{layer_id}/items/1",
        f"/ogc/collections/{layer_id}/queryables",
        f"/ogc/collections/{layer_id}/schema",
        f"/ogc/collections/{layer_id}/tiles",
        f"/ogc/collections/{layer_id}/tiles/WebMercatorQuad/metadata",
        f"/ogc/collections/{layer_id}/tiles/WebMercatorQuad/14/{y}/{x}",
        f"/ogc/collections/{layer_id}/tiles/WebMercatorQuad/14/{y}/{x}?f=mvt",
    ]


NON_PUBLIC = [layer.id for layer in load_catalog().all() if layer.access != "public"]
RESTRICTED = [layer.id for layer in load_catalog().all() if layer.access == "restricted"]


def test_personnel_positions_is_restricted():
    assert "personnel_positions" in RESTRICTED


@pytest.mark.parametrize("layer_id", NON_PUBLIC)
def test_anonymous_refused_everywhere(client, one_of_each, layer_id):
    for url in routes(layer_id):
        response = client.get(url)
        assert response.status_code == 401, url
        assert "请先登录" in response.json()["description"]  # Chinese unless the client asks otherwise
        assert client.post(f"/ogc/collections/{layer_id}/items", data="{}",
                           content_type="application/query-cql-json").status_code == 401


@pytest.mark.parametrize("layer_id", RESTRICTED)
def test_signed_in_without_permission_forbidden(client, staff_user, one_of_each, layer_id):
    client.force_login(staff_user)
    for url in routes(layer_id):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("layer_id", RESTRICTED)
def test_permission_grants_read(client, commander, one_of_each, layer_id):
    client.force_login(commander)
    assert client.get(f"/ogc/collections/{layer_id}/items?f=json").status_code == 200


def test_lists_show_only_readable_layers(client, staff_user, one_of_each):
    public = {layer.id for layer in load_catalog().all() if layer.access == "public"}
    anonymous = {c["id"] for c in client.get("/ogc/collections?f=json").json()["collections"]}
    assert anonymous == public
    assert {item["id"] for item in client.get("/api/layers/").json()["layers"]} == public
    openapi_paths = client.get("/ogc/openapi?f=json").json()["paths"]
    assert not any("personnel_positions" in p for p in openapi_paths)
    client.force_login(staff_user)
    internal = {c["id"] for c in client.get("/ogc/collections?f=json").json()["collections"]}
    assert internal == {layer.id for layer in load_catalog().all() if layer.access != "restricted"}


@pytest.mark.parametrize("layer_id", [layer.id for layer in load_catalog().all() if layer.access == "public"])
def test_public_layers_open_to_anonymous(client, one_of_each, layer_id):
    assert client.get(f"/ogc/collections/{layer_id}/items?f=json").status_code == 200


def test_basic_auth_for_qgis_and_gdal(client, commander, one_of_each):
    import base64

    token = base64.b64encode(b"commander:correct-horse-battery").decode()
    response = client.get("/ogc/collections/personnel_positions/items?f=json", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 200
