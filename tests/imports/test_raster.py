"""Raster zonal statistics per street against a small synthetic GeoTIFF written here: a flood
depth grid whose western half is 1.2 m and eastern half 0.2 m, over two streets side by side."""
import numpy as np
import pytest
from django.db import connection

from tests import factories as f

pytestmark = pytest.mark.django_db


def write_tif(path, crs="EPSG:4326"):
    import rasterio
    from rasterio.transform import from_origin

    # 0.001° cells from 121.34 E to 121.42 E (80 columns), 31.23 N down to 31.19 N (40 rows).
    data = np.full((40, 80), 0.2, dtype="float32")
    data[:, :40] = 1.2          # west of 121.38: deep water
    data[0:5, 0:5] = -9999      # a corner without data
    with rasterio.open(path, "w", driver="GTiff", width=80, height=40, count=1, dtype="float32", crs=crs,
                       transform=from_origin(121.34, 31.23, 0.001, 0.001), nodata=-9999) as out:
        out.write(data, 1)
    return path


def test_zonal_statistics_per_street(as_role, tmp_path):
    west = f.district(0, name="西街道", geom=f.square(121.34, 31.19, 0.04))      # 121.34–121.38: all 1.2
    east = f.district(1, code="310105001000", name="东街道", geom=f.square(121.38, 31.19, 0.04))  # all 0.2
    f.district(2, code="310105002000", name="远街道", geom=f.square(121.60, 31.30, 0.01))  # outside the raster
    path = write_tif(tmp_path / "depth.tif")
    with open(path, "rb") as fh:
        answer = as_role("gis_analyst").post("/api/imports/", {"file": fh, "threshold": "0.5"})
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["kind"] == "raster" and body["state"] == "previewed"
    zonal = {z["name"]: z for z in body["report"]["zonal"]}
    assert set(zonal) == {"西街道", "东街道"}
    assert zonal["西街道"]["min"] == zonal["西街道"]["max"] == pytest.approx(1.2, abs=1e-3)
    assert zonal["西街道"]["cells"] == 40 * 40 - 25  # the nodata corner is left out
    assert zonal["东街道"]["mean"] == pytest.approx(0.2, abs=1e-3) and zonal["东街道"]["share_above"] == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(geom::geography) FROM onemap_district WHERE id = %s", [west.pk])
        west_area = cursor.fetchone()[0]
    # Everything with data in the west street is above 0.5 m: its area minus the nodata corner.
    assert zonal["西街道"]["area_above_m2"] == pytest.approx(west_area * (1 - 25 / 1600), rel=0.01)
    assert zonal["东街道"]["area_above_m2"] == 0
    assert east.pk == zonal["东街道"]["district_id"]


def test_a_projected_raster_is_summarised_too(as_role, tmp_path):
    import rasterio
    from rasterio.transform import from_origin

    from etl.imports import crs

    f.district(0, name="西街道", geom=f.square(121.34, 31.19, 0.04))
    x, y = crs.from_wgs84("EPSG:4549", [121.30], [31.25])
    path = tmp_path / "rain.tif"
    with rasterio.open(path, "w", driver="GTiff", width=200, height=200, count=1, dtype="float32",
                       crs="EPSG:4549", transform=from_origin(float(x[0]), float(y[0]), 50, 50)) as out:
        out.write(np.full((200, 200), 80.0, dtype="float32"), 1)
    with open(path, "rb") as fh:
        body = as_role("gis_analyst").post("/api/imports/", {"file": fh, "threshold": "50"}).json()
    (street,) = body["report"]["zonal"]
    assert street["mean"] == 80.0 and street["share_above"] == 1.0
    assert street["area_above_m2"] == pytest.approx(street["cells"] * 2500)


def test_a_raster_without_crs_is_refused_with_a_reason(as_role, tmp_path):
    import rasterio

    path = tmp_path / "nocrs.tif"
    with rasterio.open(path, "w", driver="GTiff", width=2, height=2, count=1, dtype="float32") as out:
        out.write(np.zeros((2, 2), dtype="float32"), 1)
    with open(path, "rb") as fh:
        answer = as_role("gis_analyst").post("/api/imports/", {"file": fh})
    assert answer.status_code == 400 and "file" in answer.json()["errors"]
