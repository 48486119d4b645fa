"""Test files written the way other tools write them: GDAL (pyogrio) for GeoPackage, Shapefile and
GeoJSON, plain text for CSV. Points are given in WGS84 and converted to the file's CRS here."""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import shapely

from etl.imports import crs

ZHONGSHAN_PARK = (121.4160, 31.2193)  # 中山公园, WGS84
EPSG_OF_FILE = {"EPSG:4326": "EPSG:4326", "EPSG:4490": "EPSG:4490", "EPSG:4549": "EPSG:4549",
                "EPSG:4528": "EPSG:4528", "EPSG:4550": "EPSG:4550", "GCJ-02": "EPSG:4326", "BD-09": "EPSG:4326"}


def points_in(code: str, lonlats) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = zip(*lonlats)
    return crs.from_wgs84(code, np.array(lon), np.array(lat))


def write(tmp: Path, fmt: str, code: str, rows: list[dict], lonlats) -> Path:
    """`rows` are the attribute dicts (same keys each), `lonlats` their WGS84 positions."""
    x, y = points_in(code, lonlats)
    names = list(rows[0])
    if fmt == "csv":
        path = tmp / "points.csv"
        lines = [",".join([*names, "x", "y"])]
        for row, xx, yy in zip(rows, x, y):
            lines.append(",".join([*(str(row[n]) for n in names), repr(float(xx)), repr(float(yy))]))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    import pyogrio.raw

    geometry = shapely.to_wkb(shapely.points(x, y))
    data = [np.array([row[n] for row in rows], dtype=object) for n in names]
    target = {"gpkg": tmp / "points.gpkg", "geojson": tmp / "points.geojson", "shapefile": tmp / "points.shp"}[fmt]
    driver = {"gpkg": "GPKG", "geojson": "GeoJSON", "shapefile": "ESRI Shapefile"}[fmt]
    extra = {"encoding": "UTF-8"} if fmt == "shapefile" else {}
    pyogrio.raw.write(str(target), geometry, data, names, driver=driver, geometry_type="Point",
                      crs=EPSG_OF_FILE[code] if fmt != "geojson" else None, **extra)
    if fmt != "shapefile":
        return target
    path = tmp / "points.zip"
    with zipfile.ZipFile(path, "w") as z:
        for part in tmp.glob("points.*"):
            if part.suffix != ".zip":
                z.write(part, part.name)
    return path


def committed_warehouses(analyst, upload, tmp: Path, prefix: str) -> int:
    """Four street warehouses (codes <prefix>0 … <prefix>3) uploaded, checked and committed by
    `analyst`; the job's id. In a test's transaction the commit's send never happens, so the job
    waits `queued` until the test runs it."""
    rows = [{"code": f"{prefix}{i}", "name": f"仓库{i}", "level": "street", "managing_unit": "街道",
             "address": f"天山路{i}号"} for i in range(4)]
    path = write(tmp, "geojson", "EPSG:4326", rows, [(121.40 + i * 0.001, 31.21) for i in range(4)])
    job = analyst.post("/api/imports/", {"file": upload(path), "layer": "warehouses"}).json()
    assert job["report"]["ok"], job["report"]
    assert analyst.post(f"/api/imports/{job['id']}/commit/").status_code == 202
    return job["id"]
