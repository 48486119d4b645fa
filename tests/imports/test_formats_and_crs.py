"""Each format and each source CRS lands at the right place: 中山公园 (121.4160, 31.2193 WGS84)
converted to the CRS, written in the format, uploaded, loaded, and found within 1 m
(ST_Distance on the spheroid) of where it is."""
import pytest
from django.db import connection

from etl.imports import crs
from etl.imports.models import ImportJob
from etl.imports.services import import_run
from geo_api.resources.models import Resource

from tests import factories as f

from .files import ZHONGSHAN_PARK, write

pytestmark = pytest.mark.django_db
FORMATS = ("gpkg", "shapefile", "geojson", "csv")


def distance_m(name: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) "
                       "FROM onemap_resource WHERE name = %s", [*ZHONGSHAN_PARK, name])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("code", crs.CODES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_known_point_lands_within_a_metre(analyst, upload, tmp_path, fmt, code):
    street = f.district(0, geom=f.square(121.40, 31.20, 0.03))
    name = f"中山公园救援队 {fmt} {code}"
    rows = [{"name": name, "kind": "team", "owner_unit": "长宁区应急局", "quantity": 12},
            {"name": f"{name} 二", "kind": "救援队伍", "owner_unit": "长宁区应急局", "quantity": 3}]
    path = write(tmp_path, fmt, code, rows, [ZHONGSHAN_PARK, (121.42, 31.21)])
    answer = analyst.post("/api/imports/", {"file": upload(path), "layer": "resources", "source_crs": code})
    assert answer.status_code == 201, answer.json()
    job = answer.json()
    assert job["report"]["ok"], job["report"]
    assert job["mapping"] == {"name": "name", "kind": "kind", "owner_unit": "owner_unit", "quantity": "quantity"}
    preview = job["report"]["preview"]["features"]
    lon, lat = preview[0]["geometry"]["coordinates"]
    assert abs(lon - ZHONGSHAN_PARK[0]) < 2e-5 and abs(lat - ZHONGSHAN_PARK[1]) < 2e-5

    committed = analyst.post(f"/api/imports/{job['id']}/commit/")
    assert committed.status_code == 202, committed.json()
    import_run(job["id"])
    done = ImportJob.objects.get(pk=job["id"])
    assert done.state == "done", done.error
    assert done.loaded == 2
    assert distance_m(name) < 1.0
    second = Resource.objects.get(name=f"{name} 二")
    assert second.kind == "team"  # the code list's label became its code
    assert second.quantity == 3 and second.district_id == street.pk  # the street, from the geometry
