"""All or nothing: a bad row stops the load and names its row; a load whose process is killed
or whose statement is cancelled halfway leaves the layer exactly as it was."""
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import shapely
from django.db import connection

from etl.imports.models import ImportJob
from etl.imports.services import import_commit, import_run, import_upload
from geo_api.resources.models import Resource, Warehouse
from tests import factories as f
from tests.server import BASE_DIR, server_env

from .files import committed_warehouses, write


def test_a_bad_row_is_reported_with_its_row_and_line_and_the_load_refused(analyst, upload, tmp_path, db):
    rows = [{"name": f"队{i}", "kind": "team", "owner_unit": "应急局", "quantity": str(i)} for i in range(5)]
    rows[3]["quantity"] = "十二"
    path = write(tmp_path, "csv", "EPSG:4326", rows, [(121.40 + i * 0.001, 31.21) for i in range(5)])
    job = analyst.post("/api/imports/", {"file": upload(path), "layer": "resources"}).json()
    assert job["report"]["ok"] is False
    assert job["report"]["errors"] == [{"row": 4, "line": 5, "field": "quantity", "code": "integer",
                                        "message": job["report"]["errors"][0]["message"]}]
    assert "十二" in job["report"]["errors"][0]["message"]
    refused = analyst.post(f"/api/imports/{job['id']}/commit/")
    assert refused.status_code == 409
    assert "4" in refused.json()["detail"]
    assert not Resource.objects.exists()


def test_a_row_that_became_bad_after_the_preview_stops_the_load_with_its_row(analyst, upload, tmp_path, db):
    job_id = committed_warehouses(analyst, upload, tmp_path, "WH-T")
    f.warehouse(9, code="WH-T2")  # someone registers row 3's code meanwhile
    before = Warehouse.objects.count()
    import_run(job_id)
    done = ImportJob.objects.get(pk=job_id)
    assert done.state == "failed"
    assert done.error.startswith(("Row 3", "第 3 行", "第3行")), done.error
    assert done.report["errors"][0]["row"] == 3 and done.report["errors"][0]["code"] == "exists"
    assert Warehouse.objects.count() == before


@pytest.mark.parametrize("bad, code", [((122.9, 31.2), "outside"), (None, "no_geometry")])
def test_geometry_problems_are_per_row(analyst, upload, tmp_path, db, bad, code):
    path = tmp_path / "p.csv"
    lines = ["name,kind,owner_unit,lon,lat", "好,team,局,121.40,31.21"]
    lines.append(f"坏,team,局,{bad[0]},{bad[1]}" if bad else "坏,team,局,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    job = analyst.post("/api/imports/", {"file": upload(path), "layer": "resources"}).json()
    assert [(e["row"], e["code"]) for e in job["report"]["errors"]] == [(2, code)]


def big_gpkg(tmp_path, n):
    import pyogrio.raw

    rng = np.random.default_rng(7)
    x, y = 121.36 + rng.random(n) * 0.08, 31.19 + rng.random(n) * 0.05
    path = tmp_path / "big.gpkg"
    names = np.array([f"物资点{i}" for i in range(n)], dtype=object)
    pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(x, y)),
                      [names, np.full(n, "material", dtype=object), np.full(n, "街道", dtype=object)],
                      ["name", "kind", "owner_unit"], driver="GPKG", geometry_type="Point", crs="EPSG:4326")
    return path


def _loader(job_id):
    env = server_env(connection.settings_dict["NAME"], DJANGO_SETTINGS_MODULE="geo_api.settings.test")
    code = ("import django; django.setup(); from etl.imports.services import import_run; "
            f"import_run({job_id})")
    return subprocess.Popen([sys.executable, "-c", code], cwd=BASE_DIR, env=env, start_new_session=True)


def _wait_for(job_id, phase, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.phase == phase and job.progress > 0:
            return job
        if job.state in ("done", "failed", "cancelled"):
            pytest.fail(f"the load ended ({job.state}: {job.error}) before it could be interrupted")
        time.sleep(0.05)
    pytest.fail(f"the load never reached {phase}")


def _prepare(tmp_path, n=300_000):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(f"loader{n}{time.monotonic_ns()}")
    user.groups.add(Group.objects.get(name="gis_analyst"))
    f.resource(0)
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = big_gpkg(tmp_path, n)
    job = import_upload(user=user, upload=SimpleUploadedFile("big.gpkg", path.read_bytes()), layer_id="resources")
    assert job.report["ok"], job.report["errors"][:3]
    import_commit(user=user, job_id=job.pk)
    return user, job


def _backend_gone(job_id, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                           [f"onemap-import-load-{job_id}"])
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)
    pytest.fail("the killed load's backend is still there")


@pytest.mark.django_db(transaction=True)
def test_a_killed_load_leaves_the_layer_as_it_was(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    _user, job = _prepare(tmp_path)
    before = sorted(Resource.objects.values_list("id", flat=True))
    process = _loader(job.pk)
    try:
        _wait_for(job.pk, "inserting")  # rows are going into the layer's table, uncommitted
        os.killpg(process.pid, signal.SIGKILL)  # the worker process dies mid-load
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    _backend_gone(job.pk)
    assert sorted(Resource.objects.values_list("id", flat=True)) == before
    import_run(job.pk)  # Celery redelivers the task (acks_late): the job is ended, nothing loaded
    ended = ImportJob.objects.get(pk=job.pk)
    assert ended.state == "failed" and ("interrupted" in ended.error or "中断" in ended.error), ended.error
    assert sorted(Resource.objects.values_list("id", flat=True)) == before


@pytest.mark.django_db(transaction=True)
def test_cancelling_a_running_load_rolls_it_back(tmp_path, settings):
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path / "media"
    user, job = _prepare(tmp_path)
    before = Resource.objects.count()
    process = _loader(job.pk)
    try:
        _wait_for(job.pk, "inserting")
        client = Client()
        client.force_login(user)
        answer = client.post(f"/api/imports/{job.pk}/cancel/", {"reason": "选错了图层"},
                             content_type="application/json")
        assert answer.status_code == 200, answer.json()
        assert process.wait(timeout=60) == 0  # the loader ends by itself: its statement was cancelled
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    ended = ImportJob.objects.get(pk=job.pk)
    assert ended.state == "cancelled"
    assert Resource.objects.count() == before
