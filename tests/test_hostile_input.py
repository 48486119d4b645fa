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
