"""File import benchmark (issue 13): a 1,000,000-point GeoPackage, generated here with pyogrio,
loaded through our import path into the `resources` layer vs `ogr2ogr -f PostgreSQL` into a
scratch table of the same PostGIS, in the same run.

Our path is the one the desk's job runs (etl/imports/services.import_run): read with pyogrio
(Arrow), coordinates to WGS84, each row's street found in Python, every per-row check (types,
lengths, code lists, inside Shanghai) over whole columns in Python (etl/imports/direct.py), then
one binary COPY straight into onemap_resource (its street key checked row by row by PostgreSQL,
its secondary indexes rebuilt at the end), progress written from a second connection, one
transaction. The upload's preview (the SQL checks over the first 200,000 rows in a temporary
table, inside the request) is timed on its own line.
ogr2ogr uses its defaults (COPY, a new table with a GiST index) and converts nothing.

  .venv/bin/python bench/imports.py [--rows 1000000] [--source-crs EPSG:4326] [--rounds 3]

Each round runs ogr2ogr then our job on the same file; on a shared machine single runs swing
by ±40 %, so the figure is the median ratio of the rounds.

The database is its own (default `onemap_bench_imports` on DATABASE_URL's server), migrated once
and kept, with `--streets` synthetic streets over the points (the job finds each row's street;
ogr2ogr does not); the loaded rows and the scratch table are removed at the end.
"""
from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

print = functools.partial(print, flush=True)  # noqa: A001
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = "bench_ogr2ogr_scratch"


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/onemap")
    return urlunsplit(urlsplit(base)._replace(path="/" + name))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path[1:]]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{parts.path[1:]}"')


def make_gpkg(path: Path, n: int, source_crs: str) -> None:
    import numpy as np
    import pyogrio.raw
    import shapely

    from etl.imports import crs

    rng = np.random.default_rng(13)
    lon, lat = 121.36 + rng.random(n) * 0.08, 31.19 + rng.random(n) * 0.05  # Changning
    x, y = crs.from_wgs84(source_crs, lon, lat)
    names = np.char.add("物资点", np.arange(n).astype(str)).astype(object)
    kinds = np.array(["material", "equipment", "vehicle", "team", "expert"], dtype=object)[np.arange(n) % 5]
    quantity = (np.arange(n) % 500).astype(np.int32)
    pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(x, y)),
                      [names, kinds, np.full(n, "长宁区应急管理局", dtype=object), quantity],
                      ["name", "kind", "owner_unit", "quantity"], driver="GPKG", geometry_type="Point",
                      crs=source_crs if source_crs.startswith("EPSG") else "EPSG:4326")


def ogr2ogr(path: Path, url: str) -> float:
    parts = urlsplit(url)
    pg = f"PG:dbname={parts.path[1:]} host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} " \
         f"user={parts.username or 'postgres'}" + (f" password={parts.password}" if parts.password else "")
    start = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg, str(path), "-nln", SCRATCH, "-overwrite",
                    "-lco", "GEOMETRY_NAME=geom"], check=True)
    return time.perf_counter() - start


def ensure_streets(n: int) -> int:
    """`n` synthetic streets tiling the points' area (codes BENCH…, kept in the bench database):
    strips with wavy shared borders of 400 vertices each, so the street lookup of every imported
    row meets polygons of a real street's size rather than rectangles. 0: no streets."""
    import numpy as np
    import shapely

    from geo_api.reference.models import District

    District.objects.filter(code__startswith="BENCH").exclude(code__in=[f"BENCH{k:04d}" for k in range(n)]).delete()
    x0, x1, y0, y1 = 121.359, 121.441, 31.189, 31.241
    ys = np.linspace(y0, y1, 400)

    def border(k):
        wave = np.zeros_like(ys) if k in (0, n) else 0.001 * np.sin(2 * np.pi * (ys - y0) / 0.01 + k)
        return x0 + (x1 - x0) * k / n + wave

    for k in range(n):
        ring = np.concatenate([np.column_stack([border(k), ys]), np.column_stack([border(k + 1), ys])[::-1]])
        geom = shapely.MultiPolygon([shapely.Polygon(ring)])
        District.objects.update_or_create(code=f"BENCH{k:04d}", defaults={
            "name": f"测试街道{k}", "kind": "street", "synthetic": True, "geom": geom.wkt})
    return n


def one_round(args, path: Path, url: str, user) -> float:
    """ogr2ogr, then our job, on the same file; the ratio of their rows/s."""
    from django.core.files import File
    from django.db import connection

    from etl.imports.models import ImportJob
    from etl.imports.services import import_commit, import_run, import_upload

    # The previous round's rows were deleted, not vacuumed: without this the layer's table holds
    # a million dead rows that the load's index rebuild would scan, while ogr2ogr's table is new.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM onemap_resource")
    baseline = ogr2ogr(path, url)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{SCRATCH}"')
        assert cursor.fetchone()[0] == args.rows
    print(f"ogr2ogr -f PostgreSQL: {baseline:.1f} s, {args.rows / baseline:,.0f} rows/s")

    start = time.perf_counter()
    with path.open("rb") as fh:
        job = import_upload(user=user, upload=File(fh, name="points.gpkg"), layer_id="resources",
                            source_crs=args.source_crs)
    checked = time.perf_counter() - start
    assert job.report["ok"], job.report["errors"][:3]
    import_commit(user=user, job_id=job.pk)
    start = time.perf_counter()
    import_run(job.pk)
    ours = time.perf_counter() - start
    job = ImportJob.objects.get(pk=job.pk)
    assert job.state == "done" and job.loaded == args.rows, (job.state, job.error)
    print(f"upload check (preview, first {min(args.rows, 200_000):,} rows): {checked:.1f} s")
    print(f"our import job (read, convert, check every row, COPY into the layer, keys, indexes): {ours:.1f} s, "
          f"{args.rows / ours:,.0f} rows/s")
    print(f"phases (s): {job.report.get('timings_s')}")
    print(f"ratio ours/ogr2ogr (rows/s): {baseline / ours:.2f}x")
    return baseline / ours


def clean_up() -> None:
    from django.db import connection, transaction

    from geo_api.audit.services import bulk_load

    with transaction.atomic(), bulk_load(route="bench:imports"):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{SCRATCH}"')
            cursor.execute("DELETE FROM onemap_resource WHERE owner_unit = '长宁区应急管理局' AND name LIKE '物资点%%'")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--source-crs", default="EPSG:4326")
    parser.add_argument("--streets", type=int, default=10,
                        help="synthetic streets over the points (each imported row is placed in one); 0: none")
    parser.add_argument("--rounds", type=int, default=3,
                        help="ogr2ogr then ours, this many times; the median ratio is the figure (2 shared cores)")
    args = parser.parse_args()
    if shutil.which("ogr2ogr") is None:
        sys.exit("ogr2ogr is missing: apt-get install -y gdal-bin")
    url = os.environ.get("BENCH_DATABASE_URL") or database_url("onemap_bench_imports")
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_api.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    user, _ = User.objects.get_or_create(username="bench_importer")
    user.groups.add(Group.objects.get(name="gis_analyst"))
    work = Path(tempfile.mkdtemp(prefix="onemap-bench-imports-"))
    settings.MEDIA_ROOT = work / "media"
    try:
        path = work / "points.gpkg"
        start = time.perf_counter()
        make_gpkg(path, args.rows, args.source_crs)
        print(f"generated {args.rows:,} points ({args.source_crs}) in {time.perf_counter() - start:.1f} s, "
              f"{path.stat().st_size / 2**20:.0f} MB")

        print(f"streets over the points: {ensure_streets(args.streets)}")
        ratios = []
        for round_no in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"-- round {round_no} of {args.rounds}, load average {os.getloadavg()[0]:.2f}")
            ratios.append(one_round(args, path, url, user))
            clean_up()
        ratios.sort()
        print(f"ratio ours/ogr2ogr (rows/s), median of {len(ratios)} rounds: {ratios[len(ratios) // 2]:.2f}x "
              f"(all: {', '.join(f'{r:.2f}' for r in ratios)}; target >= 0.7x)")
    finally:
        clean_up()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
