"""Warning-to-exposure. The rule the counts are checked against, as a direct PostGIS query on the
base tables: a row is exposed when ST_Intersects(row.geom, warning.geom); published rows only
(the layer views' own conditions — none of the five exposure layers hides rows today, and no
exposure layer holds drill events); internal layers are counted only for accounts that may read
them (anonymous wall visitors see shelters and warehouses only)."""
from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.utils import timezone

from geo_api.warnings.models import Warning
from tests import factories as f

pytestmark = pytest.mark.django_db
TABLES = {"enterprises": "onemap_enterprise", "hazards": "onemap_hazard", "shelters": "onemap_shelter",
          "warehouses": "onemap_warehouse", "cameras": "onemap_camera"}


def direct_count(table: str, warning_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} t JOIN onemap_warning w ON w.id = %s "
                       "WHERE ST_Intersects(t.geom, w.geom)", [warning_id])
        return cursor.fetchone()[0]


@pytest.fixture
def scene(db):
    """A warning over 121.36–121.38 E, 31.20–31.22 N; features inside, outside and on its edge."""
    w = f.warning(expires=timezone.now() + timedelta(hours=6))
    inside, outside = (121.365, 31.205), (121.45, 31.25)
    f.enterprise(0, geom=f.Point(*inside, srid=4326), risk_colour="red", major_hazard_grade=2)
    f.enterprise(1, geom=f.Point(121.37, 31.22, srid=4326))  # on the northern edge: intersects
    f.enterprise(2, geom=f.Point(*outside, srid=4326))
    f.hazard(0, geom=f.Point(*inside, srid=4326))
    f.hazard(1, geom=f.Point(*outside, srid=4326))
    f.shelter(0, x=121.366, y=31.206, capacity=400)
    f.shelter(1, x=121.367, y=31.207, capacity=100)
    f.shelter(2, x=outside[0], y=outside[1])
    f.warehouse(0, geom=f.Point(121.368, 31.21, srid=4326))
    f.warehouse(1, geom=f.Point(*outside, srid=4326))
    f.camera(0, geom=f.Point(121.369, 31.211, srid=4326))
    f.camera(1, geom=f.Point(*outside, srid=4326))
    return w


def test_counts_match_a_direct_postgis_query(as_role, scene):
    body = as_role("commander").get(f"/api/warnings/{scene.pk}/exposure/").json()
    for layer_id, table in TABLES.items():
        assert body["counts"][layer_id] == direct_count(table, scene.pk), layer_id
        assert len(body["layers"][layer_id]["features"]) == body["counts"][layer_id]
    assert body["counts"] == {"enterprises": 2, "hazards": 1, "shelters": 2, "warehouses": 1, "cameras": 1}
    enterprises = body["layers"]["enterprises"]
    assert enterprises["summary"]["by_risk_colour"] == {"red": 1, "orange": 1}
    assert enterprises["summary"]["major_hazard"] == 1
    assert body["layers"]["shelters"]["summary"]["capacity"] == 500
    assert body["warning"]["colour"] == "orange"


def test_each_account_sees_only_the_layers_it_may_read(client, as_role, scene):
    anonymous = client.get(f"/api/warnings/{scene.pk}/exposure/").json()
    assert anonymous["layers"]["enterprises"] == {"title": anonymous["layers"]["enterprises"]["title"],
                                                  "readable": False, "count": None, "features": []}
    assert anonymous["counts"]["shelters"] == 2 and anonymous["counts"]["warehouses"] == 1
    assert anonymous["counts"]["hazards"] is None and anonymous["counts"]["cameras"] is None
    agency = as_role("external_agency").get(f"/api/warnings/{scene.pk}/exposure/").json()
    assert agency["counts"]["enterprises"] is None


def test_population_is_area_weighted_and_marked_as_an_estimate(as_role, scene):
    # Street A: 121.34–121.38 (half of the warning's x range inside); B has no population figure.
    a = f.district(0, population=40000, geom=f.square(121.34, 31.19, 0.04))
    f.district(1, code="310105001000", name="无人口街道", population=None, geom=f.square(121.375, 31.19, 0.04))
    f.district(2, code="310105002000", name="远处街道", geom=f.square(121.60, 31.30, 0.01))
    body = as_role("commander").get(f"/api/warnings/{scene.pk}/exposure/").json()
    streets = {s["name"]: s for s in body["population"]["streets"]}
    assert set(streets) == {a.name, "无人口街道"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(ST_Intersection(d.geom, w.geom)::geography) / ST_Area(d.geom::geography) "
                       "FROM onemap_district d, onemap_warning w WHERE d.id = %s AND w.id = %s", [a.pk, scene.pk])
        share = cursor.fetchone()[0]
    assert streets[a.name]["exposed_population"] == round(40000 * share)
    assert 0.2 < share < 0.3  # 0.02 × 0.02 of 0.04 × 0.04 (the warning lies inside A's x and y range)
    assert streets[a.name]["estimate"] is True and streets[a.name]["synthetic_boundary"] is True
    assert streets["无人口街道"]["exposed_population"] is None
    assert body["population"]["streets_without_figure"] == ["无人口街道"]
    assert body["population"]["exposed_total"] == streets[a.name]["exposed_population"]


@pytest.mark.parametrize("change", [
    {"state": Warning.State.CANCELLED}, {"state": Warning.State.EXPIRED},
    {"expires_delta": -1},
])
def test_a_warning_no_longer_in_force_has_no_exposure(as_role, scene, change):
    if "expires_delta" in change:
        Warning.objects.filter(pk=scene.pk).update(expires=timezone.now() - timedelta(minutes=1))
    else:
        Warning.objects.filter(pk=scene.pk).update(**change)
    answer = as_role("commander").get(f"/api/warnings/{scene.pk}/exposure/")
    assert answer.status_code == 409
    assert "no longer in force" in answer.json()["detail"] or "不再" in answer.json()["detail"] or answer.json()["detail"]


def test_unknown_warning_is_a_404(client):
    assert client.get("/api/warnings/999999/exposure/").status_code == 404


def test_excel_export_has_a_sheet_per_readable_layer(as_role, scene):
    from openpyxl import load_workbook

    answer = as_role("commander").get(f"/api/warnings/{scene.pk}/exposure/?format=xlsx&lang=en")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(answer.content))
    assert len(book.sheetnames) == 1 + 5 + 1
    enterprises = book[book.sheetnames[1]]
    assert enterprises.max_row == 1 + 2  # header + the two exposed enterprises
    anonymous = load_workbook(BytesIO(as_role(name="anon_like").get(
        f"/api/warnings/{scene.pk}/exposure/?format=xlsx").content))
    assert len(anonymous.sheetnames) == 1 + 2 + 1  # a signed-in account without a role: public layers only
