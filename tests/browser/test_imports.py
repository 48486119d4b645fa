"""The import desk in Chromium: upload a GeoJSON, see its features on the preview map, map a
column the automatic mapping missed, load, and watch the progress bar reach 100 % while a real
Celery worker runs the job (on a queue of its own). Screenshots in tests/artifacts/."""
import json
import time
import uuid

import pytest
from django.db import connection

from etl.imports.models import ImportJob
from geo_api.resources.models import Resource
from tests.browser.conftest import ARTIFACTS, PASSWORD, Page
from tests.server import BASE_DIR, Server, server_env, start_process, stop_process

pytestmark = pytest.mark.django_db(transaction=True)
CELERY = str(BASE_DIR / ".venv" / "bin" / "celery")


@pytest.fixture(scope="module")
def queue():
    return f"onemap-test-imports-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def server(django_db_setup, queue):
    s = Server(connection.settings_dict["NAME"], ONEMAP_IMPORTS_QUEUE=queue).start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def worker(django_db_setup, queue, tmp_path_factory):
    env = server_env(connection.settings_dict["NAME"])
    process = start_process([CELERY, "-A", "geo_api", "worker", "--concurrency", "1", "-Q", queue,
                             "--hostname", f"{queue}@%h"], env, tmp_path_factory.mktemp("w") / "worker.log")
    yield process
    stop_process(process)


def test_upload_preview_map_commit_and_progress(browser, server, worker, tmp_path):
    from django.contrib.auth.models import Group, User

    analyst = User.objects.create_user("analyst_imports", password=PASSWORD)
    analyst.groups.add(Group.objects.get(name="gis_analyst"))
    features = [{"type": "Feature", "properties": {"队伍名": f"导入救援队{i}", "kind": "team", "owner_unit": "长宁区应急局",
                                                   "quantity": i},
                 "geometry": {"type": "Point", "coordinates": [121.40 + i * 0.002, 31.21 + (i % 3) * 0.002]}}
                for i in range(12)]
    path = tmp_path / "teams.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False))

    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.add_init_script("window.onemapTestHook = {};")
    page = Page(context.new_page(), server.url)
    try:
        page.login("analyst_imports", next_path="/imports/")
        page.wait("window.onemapTestHook.importsReady === true")
        # Nothing uploaded yet: no empty preview map, no progress bar, no load button to press.
        assert not page.page.is_visible("#imports-body") and not page.page.is_visible("#imports-progress-box")
        page.page.select_option("#imports-layer", "resources")
        page.page.set_input_files("#imports-file", str(path))
        page.page.click("#imports-send")
        page.wait("window.onemapTestHook.importPreview === 12", message="the preview map never showed the features")
        # 队伍名 matches no field name or label: the report says name is required until it is mapped.
        assert "name" in page.page.inner_text("#imports-report") or "名称" in page.page.inner_text("#imports-report")
        assert page.page.is_disabled("#imports-commit")
        time.sleep(1)
        page.page.screenshot(path=str(ARTIFACTS / "imports-preview.png"))
        page.page.select_option('select[data-target="name"]', "队伍名")
        page.wait("!document.querySelector('#imports-commit').disabled", message="the mapping never made the report clean")
        assert "is-ok" in page.page.get_attribute("[data-testid=report-summary]", "class")
        page.page.click("#imports-commit")
        page.wait("window.onemapTestHook.importState === 'done'", timeout=90, message="the load never finished")
        assert page.page.eval_on_selector("#imports-progress", "el => el.value") == 100
        assert "100 %" in page.page.inner_text("[data-testid=progress-text]")
        page.page.screenshot(path=str(ARTIFACTS / "imports-done.png"))
    finally:
        context.close()
    job = ImportJob.objects.get()
    assert job.state == "done" and job.loaded == 12
    assert Resource.objects.filter(name__startswith="导入救援队").count() == 12
