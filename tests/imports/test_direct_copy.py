"""The load's fast path (etl/imports/direct.py): checks in Python, binary COPY into the layer.
It must flag exactly the rows the SQL checks report and write exactly what the SQL path's
INSERT writes; files it does not cover go the SQL way."""
import numpy as np
import pyogrio.raw
import pytest
import shapely
from django.db import connection, transaction

from etl.imports import direct, load
from etl.imports.targets import targets
from layers.registry import load_catalog

from tests import factories as f

from .test_arrow_path import gpkg, user  # noqa: F401 - the fixture
from .test_arrow_path import load as run_job

pytestmark = pytest.mark.django_db
MAPPING = {"name": "name", "kind": "kind", "owner_unit": "owner_unit", "quantity": "quantity",
           "specialty": "specialty"}


def _label(code):
    """The Chinese label of a resource kind (a file may give it instead of the code)."""
    kind = {t.name: t for t in targets(load_catalog().get("resources"))}["kind"]
    labels = [lbl for c, lbl in kind.choices if c == code and lbl != code]
    assert labels
    return labels[0]


def _file(path, rows):
    """rows: (name, kind, owner_unit, quantity, specialty, (lon, lat)); quantity typed Integer64."""
    lon = np.array([r[5][0] for r in rows], dtype=float)
    lat = np.array([r[5][1] for r in rows], dtype=float)
    columns = [np.array([r[i] for r in rows], dtype=object) for i in range(3)]
    columns.append(np.array([r[3] for r in rows], dtype=np.int64))
    columns.append(np.array([r[4] for r in rows], dtype=object))
    pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(lon, lat)), columns,
                      ["name", "kind", "owner_unit", "quantity", "specialty"], driver="GPKG", geometry_type="Point",
                      crs="EPSG:4326")
    return path


def _plan(path, mapping=MAPPING, layer="resources"):
    return load.plan(layer=load_catalog().get(layer), path=path, fmt="gpkg", source_crs="EPSG:4326",
                     mapping=mapping)


HERE = (121.405, 31.21)


def _both_checks(p):
    """The Python checks' verdict, and the rows and the count of problems the SQL checks report for
    the same file (nothing kept)."""
    with transaction.atomic():
        ready = direct.prepare(p)
        assert ready is not None
        load.copy_rows(p, streets=False)
        problems, count = load.validate(p, limit=100)
        transaction.set_rollback(True)
    return ready, sorted({e["row"] for e in problems}), count


def test_the_python_checks_flag_the_rows_the_sql_checks_report(tmp_path):
    rows = [
        ("好", "team", "局", 1, "", HERE),
        ("   ", "team", "局", 1, "", HERE),                 # name: spaces only, required
        ("长" * 101, "team", "局", 1, "", HERE),            # name: too long
        ("标签", _label("vehicle"), "局", 1, None, HERE),   # a label: good
        ("坏码", "rocket", "局", 1, "", HERE),               # not a kind
        ("负数", "team", "局", -1, "", HERE),                # quantity must not be negative
        ("太大", "team", "局", 3_000_000_000, "", HERE),     # out of an integer's range
        ("海上", "team", "局", 1, "", (123.5, 31.2)),        # outside Shanghai
        ("无点", "team", "局", 1, "", (float("nan"), 31.2)),  # no geometry
        ("无单位", "team", "", 1, "", HERE),                  # owner unit required
        ("空格码", " team ", "局", 1, "  ", HERE),            # trimmed: good
        ("无类", None, "局", 1, "x", HERE),                   # kind required
        ("长专业", "team", "局", 1, "专" * 51, HERE),          # specialty too long
    ]
    ready, problem_rows, count = _both_checks(_plan(_file(tmp_path / "p.gpkg", rows)))
    assert problem_rows == [int(i) + 1 for i in np.flatnonzero(ready.bad_rows)]
    assert count == ready.bad == 10


def _written(table="onemap_resource"):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT name, kind, specialty, quantity, unit, owner_unit, contact, phone, status, '
                       f'district_id, retired_at, retired_reason, ST_AsEWKT(geom), updated_at = now() '
                       f'FROM "{table}" ORDER BY quantity')
        return cursor.fetchall()


@pytest.mark.parametrize("second", [(121.45, 31.25), (121.41, 31.21)])  # outside any street, or in it
def test_a_good_file_is_written_as_the_sql_path_writes_it(tmp_path, second):
    """Fields of one width are laid out as a matrix, the others joined on (a row without a
    street has a NULL there): both ways give the INSERT's rows."""
    street = f.district(0, geom=f.square(121.40, 31.20, 0.02))
    rows = [("甲", "team", " 局 ", 0, "", HERE), ("乙", _label("material"), "局", 7, None, second),
            ("丙", " expert", "局", 2_147_483_647, "  搜救  ", (121.4012345678901, 31.2098765432109))]
    p = _plan(_file(tmp_path / "p.gpkg", rows))
    with transaction.atomic():
        ready = direct.prepare(p)
        assert ready is not None and ready.bad == 0
        assert direct.copy_into_layer(p, ready) == (3, [])
        fast = _written()
        transaction.set_rollback(True)
    with transaction.atomic():
        load.copy_rows(p)
        assert load.insert_rows(p, guarded=True) == 3
        slow = _written()
        transaction.set_rollback(True)
    assert fast == slow
    assert [r[9] for r in fast] == [street.pk, None if second[0] > 121.42 else street.pk, street.pk]
    assert [r[1] for r in fast] == ["team", "material", "expert"] and all(r[-1] for r in fast)


def test_files_it_does_not_cover_take_the_sql_path(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,kind,owner_unit,quantity,x,y\n甲,team,局,3,121.40,31.21\n", encoding="utf-8")
    text_numbers = load.plan(layer=load_catalog().get("resources"), path=path, fmt="csv", source_crs="EPSG:4326",
                             mapping={"name": "name", "kind": "kind", "owner_unit": "owner_unit",
                                      "quantity": "quantity"})
    assert direct.prepare(text_numbers) is None  # "3" is text to be parsed: the SQL checks do that
    assert direct.prepare(_plan(_file(tmp_path / "p.gpkg", [("甲", "team", "局", 1, "", HERE)]),
                                {"name": "name", "kind": "kind", "owner_unit": "owner_unit"})) is not None


def test_the_job_takes_the_fast_path(user, tmp_path):  # noqa: F811
    good = run_job(user, gpkg(tmp_path / "a.gpkg", "EPSG:4326", [HERE] * 3, [1, 2, 3]), "EPSG:4326")
    assert good.state == "done" and good.loaded == 3, good.error
    assert "keys" in good.report["timings_s"] and "insert" not in good.report["timings_s"]


def _warehouses(path, codes, areas, lonlats=None):
    """A warehouse file: code (unique), area as a float (Real), the other required fields."""
    n = len(codes)
    lonlats = lonlats or [(121.40 + i * 0.001, 31.21) for i in range(n)]
    lon, lat = (np.array(c, dtype=float) for c in zip(*lonlats))
    columns = [np.array(codes, dtype=object), np.array([f"仓库{i}" for i in range(n)], dtype=object),
               np.full(n, "street", dtype=object), np.full(n, "街道", dtype=object),
               np.array([f"天山路{i}号" for i in range(n)], dtype=object),
               areas if isinstance(areas, np.ndarray) else np.array(areas, dtype=float)]
    names = ["code", "name", "level", "managing_unit", "address", "area_m2"]
    pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(lon, lat)), columns, names, driver="GPKG",
                      geometry_type="Point", crs="EPSG:4326")
    return _plan(path, {n: n for n in names}, "warehouses")


def test_unique_codes_and_numbers_are_flagged_as_the_sql_checks_report(tmp_path):
    f.warehouse(9, code="WH-T2")  # already in the layer
    codes = ["WH-T1", "WH-T2", " WH-T1 ", "WH-T3", None, "WH-T4", "WH-T4", "WH-T5"]
    areas = [10.0, 20.0, 30.0, float("inf"), 5.0, float("nan"), 1e20, -0.5]
    ready, problem_rows, count = _both_checks(_warehouses(tmp_path / "w.gpkg", codes, areas))
    # 2 exists, 3 repeats 1 once trimmed, 4 "inf" is no number, 5 no code, 7 repeats 6
    assert problem_rows == [2, 3, 4, 5, 7]
    assert [int(i) + 1 for i in np.flatnonzero(ready.bad_rows)] == [2, 3, 4, 5, 7] and count == ready.bad


def test_single_precision_numbers_take_the_sql_path(tmp_path):
    """A float32's text ("0.1", what the SQL path reads) is not the float32 widened to a double."""
    p = _warehouses(tmp_path / "w.gpkg", ["A1"], np.array([0.1], dtype=np.float32))
    assert p.table.column("area_m2").type == "float"
    assert direct.prepare(p) is None
    assert direct.prepare(_warehouses(tmp_path / "w64.gpkg", ["A1"], [0.1])) is not None


def test_floating_point_numbers_are_written_as_the_sql_path_writes_them(tmp_path):
    f.district(0, geom=f.square(121.40, 31.20, 0.02))
    p = _warehouses(tmp_path / "w.gpkg", ["A1", "A2", "A3", "A4"], [0.1, float("nan"), 1e20, 123456.789012345678])
    table = "onemap_warehouse"
    written = []
    for fast in (True, False):
        with transaction.atomic():
            if fast:
                ready = direct.prepare(p)
                assert ready is not None and ready.bad == 0
                direct.copy_into_layer(p, ready)
            else:
                load.copy_rows(p)
                load.insert_rows(p, guarded=True)
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT code, name, level, area_m2, contact, district_id, ST_AsEWKT(geom), '
                               f'updated_at = now() FROM "{table}" WHERE code LIKE %s ORDER BY code', ["A%"])
                written.append(cursor.fetchall())
            transaction.set_rollback(True)
    assert written[0] == written[1] and len(written[0]) == 4
    assert [r[3] for r in written[0]] == [0.1, None, 1e20, 123456.789012345678] and all(r[-1] for r in written[0])


def test_a_clean_file_is_previewed_without_the_sql_scan_and_a_bad_one_with_it(user, tmp_path, monkeypatch):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from etl.imports.services import import_upload

    real, scans = load.copy_rows, []
    monkeypatch.setattr(load, "copy_rows", lambda *a, **kw: scans.append(1) or real(*a, **kw))

    def preview(path):
        return import_upload(user=user, upload=SimpleUploadedFile(path.name, path.read_bytes()), layer_id="resources",
                             source_crs="EPSG:4326").report

    clean = preview(gpkg(tmp_path / "a.gpkg", "EPSG:4326", [HERE] * 3, [1, 2, 3]))
    assert clean["ok"] and clean["errors"] == [] and clean["error_count"] == 0 and not scans
    bad = preview(gpkg(tmp_path / "b.gpkg", "EPSG:4326", [HERE] * 3, [1, -2, 3]))
    assert [(e["row"], e["code"]) for e in bad["errors"]] == [(2, "negative")] and scans == [1]
