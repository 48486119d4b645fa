"""The Arrow read path (GDAL's Arrow stream, point coordinates straight from the WKB buffer,
typed whole numbers, CSV blocks written by Arrow) against the way the rows were read before it:
pyogrio's per-row numpy reader and shapely, computed here independently of etl/imports/load.py."""
import numpy as np
import pyarrow as pa
import pyogrio.raw
import pytest
import shapely
from django.db import connection

from etl.imports import crs, geometry
from etl.imports.models import ImportJob
from etl.imports.services import import_commit, import_run, import_upload
from geo_api.resources.models import Resource

from tests import factories as f

from .files import EPSG_OF_FILE, points_in

pytestmark = pytest.mark.django_db


def gpkg(path, code, lonlats, quantities, names=None):
    """A GeoPackage as GDAL writes it, quantity typed as a whole number (Integer)."""
    n = len(lonlats)
    x, y = points_in(code, lonlats)
    columns = [np.array(names or [f"点{i}" for i in range(n)], dtype=object),
               np.array([("team", "物资", "vehicle")[i % 3] for i in range(n)], dtype=object),
               np.full(n, "长宁区应急局", dtype=object), np.array(quantities, dtype=np.int32)]
    pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(x, y)), columns,
                      ["name", "kind", "owner_unit", "quantity"], driver="GPKG", geometry_type="Point",
                      crs=EPSG_OF_FILE[code])
    return path


def numpy_path(path, code):
    """What the numpy reader of pyogrio gives: {name: (quantity, lon, lat)} in WGS84."""
    meta, _fids, wkb, columns = pyogrio.raw.read(str(path))
    shapes = shapely.from_wkb(wkb)
    lon, lat = crs.to_wgs84(code, shapely.get_x(shapes), shapely.get_y(shapes))
    fields = list(meta["fields"])
    names, quantities = columns[fields.index("name")], columns[fields.index("quantity")]
    return {str(n): (int(q), float(x), float(y)) for n, q, x, y in zip(names, quantities, lon, lat)}


def load(user, path, code):
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = import_upload(user=user, upload=SimpleUploadedFile(path.name, path.read_bytes()), layer_id="resources",
                        source_crs=code)
    if job.report["ok"]:
        import_commit(user=user, job_id=job.pk)
        import_run(job.pk)
    return ImportJob.objects.get(pk=job.pk)


@pytest.fixture
def user(db):
    from django.contrib.auth.models import Group, User

    u = User.objects.create_user("arrow-importer")
    u.groups.add(Group.objects.get(name="gis_analyst"))
    return u


@pytest.mark.parametrize("code", ["EPSG:4490", "EPSG:4549", "GCJ-02"])
def test_the_arrow_path_loads_the_rows_the_numpy_path_reads(user, tmp_path, code):
    rng = np.random.default_rng(5)
    n = 500
    lonlats = list(zip(121.37 + rng.random(n) * 0.07, 31.19 + rng.random(n) * 0.05))
    path = gpkg(tmp_path / "p.gpkg", code, lonlats, [int(q) for q in rng.integers(0, 1000, n)])
    expected = numpy_path(path, code)
    job = load(user, path, code)
    assert job.state == "done" and job.loaded == n, (job.state, job.error, job.report.get("errors"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, quantity, kind, ST_X(geom), ST_Y(geom) FROM onemap_resource")
        got = {name: (q, kind, x, y) for name, q, kind, x, y in cursor.fetchall()}
    assert set(got) == set(expected)
    for name, (q, x, y) in expected.items():
        assert got[name][0] == q
        assert got[name][2] == pytest.approx(x, abs=1e-9) and got[name][3] == pytest.approx(y, abs=1e-9)
    assert {k for _q, k, _x, _y in got.values()} == {"team", "material", "vehicle"}  # 物资 became its code


def test_a_negative_whole_number_refuses_the_file_with_its_row(user, tmp_path):
    path = gpkg(tmp_path / "p.gpkg", "EPSG:4490", [(121.40 + i * 0.001, 31.21) for i in range(5)], [4, 0, 7, -2, 1])
    table = pyogrio.raw.read_arrow(str(path))[1]
    assert pa.types.is_integer(table.column("quantity").type)  # the typed path, not text
    job = load(user, path, "EPSG:4490")
    assert job.report["ok"] is False
    assert [(e["row"], e["field"], e["code"]) for e in job.report["errors"]] == [(4, "quantity", "negative")]
    assert not Resource.objects.exists()


def test_a_bad_row_met_only_by_the_load_refuses_the_whole_file(user, tmp_path):
    """The preview checked the file; the layer changed before the load: the load's own check
    names the row and nothing is written."""
    names = [f"库{i}" for i in range(6)]
    path = gpkg(tmp_path / "p.gpkg", "GCJ-02", [(121.40 + i * 0.001, 31.21) for i in range(6)], [1] * 6, names)
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = import_upload(user=user, upload=SimpleUploadedFile("p.gpkg", path.read_bytes()), layer_id="resources",
                        source_crs="GCJ-02")
    assert job.report["ok"], job.report
    import_commit(user=user, job_id=job.pk)
    before = f.resource(0)
    shifted = [(121.40 + i * 0.001, 31.21) for i in range(6)]
    shifted[4] = (123.5, 31.21)  # row 5 now lies in the sea east of Shanghai
    gpkg(tmp_path / "changed.gpkg", "GCJ-02", shifted, [1] * 6, names).replace(job.file_path)
    import_run(job.pk)
    done = ImportJob.objects.get(pk=job.pk)
    assert done.state == "failed"
    assert done.report["errors"][0]["row"] == 5 and done.report["errors"][0]["code"] == "outside"
    assert list(Resource.objects.values_list("pk", flat=True)) == [before.pk]


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_point_without_finite_coordinates_has_no_geometry(user, tmp_path, bad):
    path = tmp_path / "p.gpkg"
    wkb = shapely.to_wkb(shapely.points([121.40, bad, 121.41], [31.21, 31.21, 31.22]))
    pyogrio.raw.write(str(path), wkb, [np.array(["甲", "乙", "丙"], dtype=object), np.array(["team"] * 3, dtype=object),
                                      np.array(["局"] * 3, dtype=object)],
                      ["name", "kind", "owner_unit"], driver="GPKG", geometry_type="Point", crs="EPSG:4326")
    job = load(user, path, "EPSG:4326")
    assert [(e["row"], e["code"]) for e in job.report["errors"]] == [(2, "no_geometry")]


def wkb_array(values):
    return pa.array(list(values), pa.binary())


@pytest.mark.parametrize("code", ["EPSG:4326", "EPSG:4549", "GCJ-02"])
def test_points_read_from_the_buffer_equal_shapely(code):
    rng = np.random.default_rng(3)
    x, y = crs.from_wgs84(code, 121.36 + rng.random(1000) * 0.08, 31.19 + rng.random(1000) * 0.05)
    plain = shapely.to_wkb(shapely.points(x, y))
    fast = geometry.to_wgs84(wkb_array(plain), code)
    lon, lat = crs.to_wgs84(code, x, y)
    assert fast.points and np.array_equal(fast.x, lon) and np.array_equal(fast.y, lat)
    # The same points as big-endian or 3D WKB, or with a missing row, take shapely's reader.
    for other in (shapely.to_wkb(shapely.points(x, y), byte_order=0),
                  shapely.to_wkb(shapely.points(x, y, np.zeros(1000))),
                  [None, *plain[1:]]):
        slow = geometry.to_wgs84(wkb_array(other), code)
        assert slow.points
        start = 1 if other[0] is None else 0
        assert np.isnan(slow.x[0]) if start else True
        assert np.allclose(slow.x[start:], lon[start:], rtol=0, atol=1e-12)
        assert np.allclose(slow.y[start:], lat[start:], rtol=0, atol=1e-12)


def test_areas_travel_as_ewkb_in_wgs84():
    square = shapely.box(121.40, 31.20, 121.41, 31.21)
    code = "EPSG:4549"
    x, y = crs.from_wgs84(code, *np.array(square.exterior.coords).T)
    moved = shapely.Polygon(np.column_stack([x, y]))
    got = geometry.to_wgs84(wkb_array([shapely.to_wkb(moved), None]), code)
    assert not got.points and got.ewkb[1] is None
    back = shapely.from_wkb(got.ewkb[0])
    assert shapely.get_srid(back) == 4326
    assert shapely.equals_exact(back, square, tolerance=1e-8)


def test_each_row_gets_the_street_postgis_finds(user, tmp_path):
    """Streets are found before the COPY (shapely's tree); the answer must be PostGIS's: the
    lowest-numbered street holding the point, none where no street does."""
    f.district(0, geom=f.square(121.40, 31.20, 0.02))
    f.district(1, code="310105001000", name="东街道", geom=f.square(121.41, 31.20, 0.02))  # overlaps the first
    lonlats = [(121.405, 31.21), (121.415, 31.21), (121.425, 31.21), (121.45, 31.25), (121.40, 31.205)]
    job = load(user, gpkg(tmp_path / "p.gpkg", "EPSG:4326", lonlats, [1] * 5), "EPSG:4326")
    assert job.state == "done", job.error
    with connection.cursor() as cursor:
        cursor.execute("SELECT r.name, r.district_id, (SELECT d.id FROM onemap_district d WHERE "
                       "ST_Intersects(d.geom, r.geom) ORDER BY d.id LIMIT 1) FROM onemap_resource r ORDER BY r.id")
        rows = cursor.fetchall()
    assert [got for _n, got, _want in rows] == [want for _n, _got, want in rows]
    assert sum(got is None for _n, got, _w in rows) == 1 and len({got for _n, got, _w in rows}) == 3


def test_areas_in_a_projected_crs_land_with_their_street(user, tmp_path):
    """The non-point path: areas in the CGCS2000 Gauss-Kruger zone travel as EWKB in WGS84 and
    get the street of their interior point, as PostGIS places it."""
    from etl.imports.targets import targets
    from layers.registry import load_catalog

    f.district(0, geom=f.square(121.40, 31.20, 0.02))
    f.district(1, code="310105001000", name="东街道", geom=f.square(121.42, 31.20, 0.02))
    code = "EPSG:4549"
    squares = [shapely.box(121.405, 31.205, 121.41, 31.21), shapely.box(121.425, 31.205, 121.43, 31.21)]
    moved = [shapely.Polygon(np.column_stack(crs.from_wgs84(code, *np.array(s.exterior.coords).T))) for s in squares]
    fields = {t.name: t for t in targets(load_catalog().get("risk_zones"))}
    values = {name: (t.choices[0][0] if t.choices else f"{name}值") for name, t in fields.items() if t.required}
    path = tmp_path / "zones.gpkg"
    pyogrio.raw.write(str(path), shapely.to_wkb(moved), [np.array([f"{v}{i}" if k == "name" else v for i in range(2)],
                                                                  dtype=object) for k, v in values.items()],
                      list(values), driver="GPKG", geometry_type="Polygon", crs=code)
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = import_upload(user=user, upload=SimpleUploadedFile("zones.gpkg", path.read_bytes()), layer_id="risk_zones",
                        source_crs=code)
    assert job.report["ok"], job.report
    import_commit(user=user, job_id=job.pk)
    import_run(job.pk)
    done = ImportJob.objects.get(pk=job.pk)
    assert done.state == "done" and done.loaded == 2, done.error
    table = load_catalog().get("risk_zones").model_class._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT r.name, r.district_id, (SELECT d.id FROM onemap_district d WHERE ST_Intersects(d.geom, '
                       f'ST_PointOnSurface(r.geom)) ORDER BY d.id LIMIT 1), ST_AsBinary(r.geom) FROM "{table}" r '
                       f'ORDER BY r.name')
        rows = cursor.fetchall()
    assert [got for _n, got, _w, _g in rows] == [want for _n, _g2, want, _g in rows]
    assert len({got for _n, got, _w, _g in rows}) == 2
    for (_n, _d, _w, wkb), square in zip(rows, squares):
        area = shapely.from_wkb(bytes(wkb)).geoms[0]
        assert shapely.equals_exact(area.normalize(), square.normalize(), tolerance=1e-7)
