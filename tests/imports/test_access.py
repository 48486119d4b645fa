"""Who may import what: the target layer's write roles (layers/access.py) decide; rasters are for
GIS analysts and administrators; a job is seen by its uploader and administrators only."""
import pytest

from etl.imports.models import ImportJob

from .files import write

pytestmark = pytest.mark.django_db
ROW = [{"name": "队", "kind": "team", "owner_unit": "局"}]
WAREHOUSE = [{"code": "W1", "name": "库", "level": "street", "managing_unit": "街道", "address": "路"}]


def post(client, tmp_path, upload, layer, rows):
    path = write(tmp_path, "csv", "EPSG:4326", rows, [(121.40, 31.21)])
    return client.post("/api/imports/", {"file": upload(path), "layer": layer})


@pytest.mark.parametrize("role, layer, rows, status", [
    ("gis_analyst", "resources", ROW, 201), ("administrator", "resources", ROW, 201),
    ("warehouse_staff", "resources", ROW, 201), ("warehouse_staff", "warehouses", WAREHOUSE, 201),
    ("warehouse_staff", "enterprises", ROW, 403), ("commander", "warehouses", WAREHOUSE, 403),
    ("field_responder", "resources", ROW, 403), ("external_agency", "resources", ROW, 403),
    ("gis_analyst", "warnings", ROW, 403),  # kept by its feed: read-only here
    ("duty_officer", "events", ROW, 409),   # severity is set by its workflow: not by file
    ("gis_analyst", "nope", ROW, 404),
])
def test_upload_by_role_and_layer(as_role, upload, tmp_path, role, layer, rows, status):
    answer = post(as_role(role), tmp_path, upload, layer, rows)
    assert answer.status_code == status, answer.json()
    assert answer.json().get("detail") or status == 201


def test_anonymous_is_asked_to_sign_in(client, upload, tmp_path):
    assert client.get("/api/imports/").status_code == 401
    assert post(client, tmp_path, upload, "resources", ROW).status_code == 401
    assert client.get("/api/imports/1/").status_code == 401


def test_a_job_is_seen_by_its_uploader_and_administrators_only(as_role, upload, tmp_path):
    owner = as_role("gis_analyst", name="owner")
    job = post(owner, tmp_path, upload, "resources", ROW).json()
    other = as_role("gis_analyst", name="other")
    for path in ("", "mapping/", "commit/", "cancel/"):
        method = other.get if not path else other.post
        assert method(f"/api/imports/{job['id']}/{path}").status_code == 404, path
    assert as_role("administrator").get(f"/api/imports/{job['id']}/").status_code == 200
    assert [j["id"] for j in owner.get("/api/imports/").json()["imports"]] == [job["id"]]
    assert other.get("/api/imports/").json()["imports"] == []


def test_rasters_are_for_analysts(as_role, tmp_path):
    from .test_raster import write_tif

    path = write_tif(tmp_path / "d.tif")
    with open(path, "rb") as fh:
        assert as_role("warehouse_staff").post("/api/imports/", {"file": fh}).status_code == 403


def test_the_list_offers_only_writable_layers(as_role):
    body = as_role("warehouse_staff").get("/api/imports/").json()
    assert {layer["id"] for layer in body["layers"]} == {"warehouses", "resources"}
    assert {c["code"] for c in body["crs"]} >= {"EPSG:4326", "EPSG:4490", "EPSG:4549", "GCJ-02", "BD-09"}


def test_remapping_rechecks_and_commit_needs_a_clean_report(as_role, upload, tmp_path):
    analyst = as_role("gis_analyst")
    path = tmp_path / "m.csv"
    path.write_text("名称,类别,单位,lon,lat\n队,team,局,121.40,31.21\n", encoding="utf-8")
    job = analyst.post("/api/imports/", {"file": upload(path), "layer": "resources"}).json()
    assert job["report"]["ok"] is False and {e["field"] for e in job["report"]["mapping_errors"]} == {"kind", "owner_unit"}
    assert analyst.post(f"/api/imports/{job['id']}/commit/").status_code == 409
    fixed = analyst.post(f"/api/imports/{job['id']}/mapping/",
                         {"mapping": {"name": "名称", "kind": "类别", "owner_unit": "单位"}},
                         content_type="application/json").json()
    assert fixed["report"]["ok"], fixed["report"]
    assert analyst.post(f"/api/imports/{job['id']}/commit/").status_code == 202
    assert ImportJob.objects.get(pk=job["id"]).state == "queued"
    again = analyst.post(f"/api/imports/{job['id']}/mapping/", {"mapping": {}}, content_type="application/json")
    assert again.status_code == 409
