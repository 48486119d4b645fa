"""The desk pages: /resources/ (filters, distance from a point or an event, statistics, register,
edit, retire: off the map layer, kept in the ledger; exports that open in openpyxl and GDAL) and
/warehouses/ (list, alerts, statistics, a warehouse's stock and its movement form)."""
import io
import json
import re
import subprocess

import pytest
from django.test import Client

from geo_api.resources.models import Resource, StockItem, StockMovement
from geo_api.resources.services import stock_alerts_refresh
from layers.query import LayerQuery
from layers.registry import load_catalog
from tests import factories
from tests.conftest import user_with_roles

from .conftest import make_warehouse, stock

pytestmark = pytest.mark.django_db


def signed_in(*roles, name="user") -> Client:
    client = Client()
    client.force_login(user_with_roles(name, *roles))
    return client


@pytest.fixture
def ledger(db):
    made = [
        factories.resource(1, name="仙霞消防救援站", kind="team", quantity=30, unit="人", specialty="消防救援"),
        factories.resource(2, name="移动排水泵", kind="equipment", quantity=3, unit="台", owner_unit="长宁区建设和管理委员会"),
        factories.resource(3, name="张三", kind="expert", specialty="危险化学品", owner_unit="长宁区应急管理专家库"),
        factories.resource(40, name="远处的救护车", kind="vehicle", quantity=1, unit="辆"),
    ]
    return {"resources": made}


def test_the_list_filters_by_kind_owner_and_text(ledger):
    client = signed_in("law_enforcement")
    html = client.get("/resources/").content.decode()
    assert all(r.name in html for r in ledger["resources"])
    assert "resources-by-kind" in html and "ledger-chart-data" in html and "ledger-map-data" in html
    html = client.get("/resources/", {"kind": "equipment"}).content.decode()
    assert "移动排水泵" in html and "仙霞消防救援站" not in html
    html = client.get("/resources/", {"owner": "专家库"}).content.decode()
    assert "张三" in html and "移动排水泵" not in html
    html = client.get("/resources/", {"q": "危险化学品"}).content.decode()
    assert "张三" in html and "仙霞消防救援站" not in html
    assert client.get("/resources/", {"kind": "dragon"}).status_code == 400


def test_distance_from_a_point_and_from_an_event(ledger):
    client = signed_in("duty_officer")
    # factories.resource(i) stands at lon 121.38 + i/1000: resource 40 is ~3.7 km east of resource 1.
    html = client.get("/resources/", {"lon": 121.381, "lat": 31.20, "radius_m": 500}).content.decode()
    assert "仙霞消防救援站" in html and "远处的救护车" not in html
    rows = re.findall(r'<tr data-id="(\d+)"', html)
    assert rows[0] == str(ledger["resources"][0].pk)  # nearest first
    event = factories.event(1, geom=ledger["resources"][3].geom)
    html = client.get("/resources/", {"event": event.pk, "radius_m": 200}).content.decode()
    assert "远处的救护车" in html and "仙霞消防救援站" not in html
    assert client.get("/resources/", {"lon": 121.4}).status_code == 400
    assert client.get("/resources/", {"event": 999999}).status_code == 404


def test_statistics_by_kind_and_street(ledger):
    html = signed_in("commander").get("/resources/").content.decode()
    data = json.loads(re.search(r'<script id="ledger-chart-data" type="application/json">(.*?)</script>', html).group(1))
    kinds = dict(zip(data["charts"][0]["labels"], data["charts"][0]["values"]))
    assert sum(kinds.values()) == 4 and kinds["专家"] == 1


def test_register_edit_and_retire_a_resource(ledger):
    client = signed_in("warehouse_staff")
    geom = json.dumps({"type": "Point", "coordinates": [121.39, 31.21]})
    created = client.post("/resources/new/", {"name": "新泾镇应急救援队", "kind": "team", "quantity": 25, "unit": "人",
                                              "owner_unit": "新泾镇人民政府", "status": "available", "geom": geom})
    assert created.status_code == 302, created.content.decode()[:2000]
    resource = Resource.objects.get(name="新泾镇应急救援队")
    bad = client.post("/resources/new/", {"name": "", "kind": "team", "owner_unit": "x", "status": "available",
                                          "quantity": 1, "geom": "not json"})
    assert bad.status_code == 400 and "geom" in bad.content.decode()
    edited = client.post(f"/resources/{resource.pk}/edit/", {
        "name": "新泾镇应急救援队", "kind": "team", "quantity": 30, "unit": "人", "owner_unit": "新泾镇人民政府",
        "status": "deployed", "geom": geom})
    assert edited.status_code == 302
    resource.refresh_from_db()
    assert (resource.quantity, resource.status) == (30, "deployed")

    layer = load_catalog().get("resources")
    on_map = lambda: resource.pk in {r[0] for r in LayerQuery.of(layer, None).fetch("id")}  # noqa: E731
    assert on_map()
    assert client.post(f"/resources/{resource.pk}/retire/", {"reason": ""}).status_code == 400
    assert client.post(f"/resources/{resource.pk}/retire/", {"reason": "队伍撤编"}).status_code == 302
    resource.refresh_from_db()
    assert resource.retired and resource.retired_reason == "队伍撤编"
    assert not on_map(), "a retired resource leaves the map layer"
    assert "新泾镇应急救援队" not in client.get("/resources/").content.decode()
    assert "新泾镇应急救援队" in client.get("/resources/", {"show": "retired"}).content.decode()
    assert client.post(f"/resources/{resource.pk}/retire/", {"action": "reinstate"}).status_code == 302
    assert on_map()


def test_readers_may_not_write_and_other_agencies_may_not_open(ledger):
    reader = signed_in("law_enforcement")
    assert "/resources/new/" not in reader.get("/resources/").content.decode()
    assert reader.get("/resources/new/").status_code == 403
    r = ledger["resources"][0]
    assert reader.post(f"/resources/{r.pk}/retire/", {"reason": "x"}).status_code == 403
    assert not Resource.objects.get(pk=r.pk).retired
    outsider = signed_in("external_agency", name="agency")
    assert outsider.get("/resources/").status_code == 403
    assert outsider.get("/warehouses/").status_code == 403
    assert Client().get("/resources/").status_code == 302


def test_excel_export_opens_in_openpyxl(ledger):
    from openpyxl import load_workbook

    response = signed_in("gis_analyst").get("/resources/", {"kind": "team", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "名称" and [r[0] for r in rows[1:]] == ["仙霞消防救援站"]
    assert rows[1][3] == 30
    assert signed_in("gis_analyst", name="g2").get("/resources/", {"format": "pdf"}).status_code == 400


def test_geopackage_export_opens_in_gdal(ledger, tmp_path):
    response = signed_in("gis_analyst").get("/resources/", {"format": "gpkg"})
    assert response.status_code == 200
    path = tmp_path / "resources.gpkg"
    path.write_bytes(response.content)
    info = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Feature Count: 4" in info and "Geometry: Point" in info and "EPSG" in info and "4326" in info
    dump = subprocess.run(["ogrinfo", "-al", "-q", str(path)], capture_output=True, text=True, check=True).stdout
    assert "仙霞消防救援站" in dump and "POINT (121.381 31.2)" in dump


def test_warehouses_list_alerts_statistics_and_stock_export(keeper):
    a = make_warehouse(1, level="district")
    stock(a, quantity=10)
    stock(a, code="1020101", quantity=40)
    stock(a, code="2010101", quantity=90)
    StockItem.objects.filter(warehouse=a).update(minimum=50)
    stock_alerts_refresh()
    client = signed_in("shelter_staff")
    html = client.get("/warehouses/").content.decode()
    assert a.name in html and 'id="stock-alerts"' in html and "低于最低库存" in html
    # Lines, lines below their minimum and open alerts, each counted once (two joins in one query).
    row = html.split(f'<tr data-id="{a.pk}"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="desk-code[^"]*">(\d+)</td>', row) == ["3", "2", "2"], row
    assert 'data-code="1010101"' in html
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get("/warehouses/", {"format": "xlsx"}).content)).active
    assert list(sheet.values)[1][3:7] == ("1010101", "单帐篷", "顶", 10)


def test_a_keeper_records_a_movement_on_the_warehouse_page(keeper):
    a, b = make_warehouse(1), make_warehouse(2)
    stock(a, quantity=10)
    client = Client()
    client.force_login(keeper)
    page = client.get(f"/warehouses/{a.pk}/").content.decode()
    assert 'id="movement-form"' in page and 'data-testid="quantity-1010101">10<' in page
    answer = client.post(f"/warehouses/{a.pk}/movements/", {"kind": "out", "material_code": "1010101",
                                                            "quantity": "3", "reason": "安置点领用"},
                         HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'data-testid="quantity-1010101">7<' in html and "<html" not in html
    refused = client.post(f"/warehouses/{a.pk}/movements/", {"kind": "out", "material_code": "1010101",
                                                             "quantity": "8", "reason": "超量领用"},
                          HTTP_HX_REQUEST="true")
    assert refused.status_code == 409 and 'data-testid="movement-error"' in refused.content.decode()
    transfer = client.post(f"/warehouses/{a.pk}/movements/", {"kind": "transfer", "material_code": "1010101",
                                                              "quantity": "2", "to_warehouse": b.pk, "reason": "调拨"})
    assert transfer.status_code == 200
    assert StockItem.objects.get(warehouse=b).quantity == 2
    levels = client.post(f"/warehouses/{a.pk}/levels/", {"item": StockItem.objects.get(warehouse=a).pk,
                                                         "minimum": "4", "expires_on": "2027-01-31"})
    assert levels.status_code == 200
    assert StockItem.objects.get(warehouse=a).minimum == 4
    reader = signed_in("law_enforcement")
    assert 'id="movement-form"' not in reader.get(f"/warehouses/{a.pk}/").content.decode()
    assert reader.post(f"/warehouses/{a.pk}/movements/", {"kind": "out", "material_code": "1010101",
                                                          "quantity": "1", "reason": "x"}).status_code == 403
    assert StockMovement.objects.filter(warehouse=a, kind="out").count() == 1


def test_the_warehouse_popup_shows_names_and_quantities(keeper, client):
    a = make_warehouse(1)
    stock(a, quantity=120)
    stock(a, code="1010201", quantity="300.5")
    feature = client.get(f"/ogc/collections/warehouses/items/{a.pk}?f=json").json()
    assert feature["properties"]["stock_summary"] == "单帐篷 120顶，折叠床 300.5张"
    assert "material_codes" not in feature["properties"]
