"""The shelter list as ?format=xlsx (opens in openpyxl) and ?format=gpkg (opens in GDAL)."""
import io
import subprocess

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelters(db):
    return [factories.shelter(1, name="中山公园避难场所"), factories.shelter(2, designation_status="revoked")]


def test_json_list_with_filters(client, shelters):
    body = client.get("/api/shelters/", {"status": "designated"}).json()
    assert [s["code"] for s in body["shelters"]] == [shelters[0].code]
    assert body["shelters"][0]["available"] is True
    assert client.get("/api/shelters/", {"status": "nonsense"}).status_code == 400
    assert client.get("/api/shelters/", {"format": "csv"}).status_code == 400


def test_xlsx_opens_in_openpyxl(client, shelters):
    from openpyxl import load_workbook

    response = client.get("/api/shelters/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("场所编码", "场所名称", "场所类别")
    assert [r[1] for r in rows[1:]] == ["中山公园避难场所", shelters[1].name]
    assert rows[1][7] == 2500


def test_gpkg_opens_in_gdal(client, shelters, tmp_path):
    import pyogrio

    response = client.get("/api/shelters/", {"format": "gpkg", "status": "designated"})
    assert response.status_code == 200
    path = tmp_path / "shelters.gpkg"
    path.write_bytes(response.content)
    info = pyogrio.read_info(path)
    assert info["features"] == 1 and info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    _meta, _fids, geometry, fields = pyogrio.raw.read(path)
    assert list(fields[1]) == ["中山公园避难场所"]
    listed = subprocess.run(["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True)
    assert listed.returncode == 0 and "Feature Count: 1" in listed.stdout
