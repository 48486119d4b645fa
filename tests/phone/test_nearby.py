"""GET /api/me/nearby/: the nearest shelters, warehouses (with stock), resources and cameras to a
point, by PostGIS distance, each layer only for those who may read it."""
import pytest
from django.contrib.gis.geos import Point
from django.test import Client

from geo_api.accounts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
HERE = (121.40, 31.20)


@pytest.fixture
def near(db):
    # ~111 m and ~555 m north of HERE, and one 5 km away
    return {
        "near_shelter": factories.shelter(1, x=HERE[0], y=HERE[1] + 0.001, name="近的避难场所"),
        "far_shelter": factories.shelter(2, x=HERE[0], y=HERE[1] + 0.005, name="远一点的避难场所"),
        "away_shelter": factories.shelter(3, x=HERE[0], y=HERE[1] + 0.045, name="很远的避难场所"),
        "camera": factories.camera(1, geom=Point(HERE[0] + 0.001, HERE[1], srid=4326)),
        "warehouse": factories.warehouse(1, geom=Point(HERE[0], HERE[1] - 0.002, srid=4326)),
    }


def nearby(client, **params):
    query = {"lon": HERE[0], "lat": HERE[1], "radius": 2000, **params}
    return client.get("/api/me/nearby/", query)


def test_nearest_first_within_the_radius_with_distances(as_role, near):
    response = nearby(as_role(Role.FIELD_RESPONDER))
    assert response.status_code == 200, response.content.decode()
    body = response.json()["nearby"]
    assert [r["title"] for r in body["shelters"]] == ["近的避难场所", "远一点的避难场所"]
    assert 100 < body["shelters"][0]["distance_m"] < 125 and 540 < body["shelters"][1]["distance_m"] < 570
    assert [r["id"] for r in body["cameras"]] == [near["camera"].pk]
    assert [(r["id"], r["detail"]) for r in body["warehouses"]] == [(near["warehouse"].pk, "帐篷 100顶")]
    assert set(body) == {"shelters", "warehouses", "resources", "cameras"}


def test_only_the_bureaus_staff_may_ask(as_role, near):
    assert nearby(as_role(Role.EXTERNAL_AGENCY)).status_code == 403
    assert nearby(as_role()).status_code == 403  # signed in without a role
    assert nearby(Client()).status_code == 401


def test_the_limit_holds_per_layer(as_role, near):
    body = nearby(as_role(Role.FIELD_RESPONDER), limit=1).json()["nearby"]
    assert [r["title"] for r in body["shelters"]] == ["近的避难场所"]


@pytest.mark.parametrize("params,field", [({"lon": "abc"}, "lon"), ({"lat": 95}, "lat"), ({"radius": 50_000}, "radius"),
                                          ({"limit": 0}, "limit")])
def test_bad_parameters_say_which(as_role, params, field):
    response = nearby(as_role(Role.FIELD_RESPONDER), **params)
    assert response.status_code == 400
    assert field in response.content.decode()
