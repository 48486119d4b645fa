"""The admin fits staff: Chinese headings, ledgers by the layer registry's write roles, and
geometry on the offline map widget (GeoJSON in a hidden input, parsed on the server)."""
import json
from html.parser import HTMLParser

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.test import Client

from geo_api.accounts.roles import Role
from geo_api.reference.ledger_admin import layer_writer_roles
from geo_api.reference.map_widget import MapWidget
from geo_api.resources.models import StockItem
from geo_api.shelters.models import Shelter
from geo_api.supervision.models import RiskZone
from tests import factories
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields a browser would submit from the admin's change form (#<model>_form)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields, self._select, self._textarea = form_id, False, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            else:
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                self.fields[self._textarea] = self.fields[self._textarea].lstrip("\n")
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_of(html: str, form_id: str) -> dict:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def staff(username, role) -> Client:
    user = user_with_roles(username, role)
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_section_headings_and_title_are_chinese(db):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "correct-horse-battery"))
    html = client.get("/admin/").content.decode()
    assert "长宁区应急管理一张图 管理后台" in html
    for heading in ("基础数据", "突发事件", "应急避难场所", "日常监管", "灾害预警", "现场人员", "应急资源与物资仓库",
                    "账号与权限"):
        assert heading in html, heading


def test_shelter_staff_changes_a_shelter_and_cannot_open_hazards(db):
    shelter = factories.shelter(1)
    hazard = factories.hazard(1)
    client = staff("keeper", "shelter_staff")
    index = client.get("/admin/").content.decode()
    assert "/admin/shelters/shelter/" in index
    assert "/admin/supervision/" not in index and "/admin/resources/" not in index
    url = f"/admin/shelters/shelter/{shelter.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="geometry-widget"' in html and "<textarea" not in html.split('class="geometry-widget"')[1][:2000]
    data = form_of(html, "shelter_form")
    data["name"] = "改名后的避难场所"
    data["geom"] = json.dumps({"type": "Point", "coordinates": [121.3901, 31.2102]})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    shelter.refresh_from_db()
    assert shelter.name == "改名后的避难场所"
    assert shelter.geom.srid == 4326 and shelter.geom.coords == pytest.approx((121.3901, 31.2102))
    assert client.get(f"/admin/supervision/hazard/{hazard.pk}/change/").status_code == 403
    assert client.get("/admin/supervision/hazard/").status_code == 403
    assert client.get("/admin/supervision/enterprise/").status_code == 403


def test_the_write_roles_decide_each_staff_role_s_pages(db):
    factories.warehouse(1)  # with stock lines
    law = staff("officer", "law_enforcement")
    assert law.get("/admin/supervision/hazard/").status_code == 200
    assert law.get("/admin/supervision/enterprise/").status_code == 200
    assert law.get("/admin/shelters/shelter/").status_code == 403
    warehouse = staff("store", "warehouse_staff")
    assert warehouse.get("/admin/resources/warehouse/").status_code == 200
    page = warehouse.get(f"/admin/resources/warehouse/{factories.warehouse(2).pk}/change/").content.decode()
    assert 'name="stock-TOTAL_FORMS"' in page  # the stock lines follow the warehouse
    assert warehouse.get("/admin/supervision/hazard/").status_code == 403
    gis = staff("analyst", "gis_analyst")
    for path in ("shelters/shelter", "resources/warehouse", "supervision/hazard", "supervision/riskzone",
                 "reference/camera"):
        assert gis.get(f"/admin/{path}/").status_code == 200, path
    assert gis.get("/admin/incidents/event/").status_code == 403  # events are the duty desk's
    assert gis.get("/admin/auth/user/").status_code == 403
    # Without is_staff nobody enters the admin, whatever the role.
    plain = Client()
    plain.force_login(user_with_roles("nostaff", "shelter_staff"))
    assert plain.get("/admin/shelters/shelter/").status_code == 302


def test_staff_status_rule_for_demo_accounts(db, settings):
    settings.ONEMAP_DEMO_ACCOUNTS = True
    from django.contrib.auth.models import User

    from geo_api.accounts.demo import demo_accounts_ensure

    demo_accounts_ensure()
    staff_roles = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff_roles == set(layer_writer_roles())
    assert {"shelter_staff", "warehouse_staff", "enterprise_staff", "law_enforcement", "gis_analyst",
            "duty_officer", "commander", "administrator"} == staff_roles
    assert not {"external_agency", "field_responder", "department_liaison"} & staff_roles
    assert Role.EXTERNAL_AGENCY.value not in staff_roles


def test_polygon_round_trip_through_the_risk_zone_change_form(db):
    zone = factories.risk_zone(1)
    client = staff("analyst", "gis_analyst")
    url = f"/admin/supervision/riskzone/{zone.pk}/change/"
    html = client.get(url).content.decode()
    data = form_of(html, "riskzone_form")
    shown = json.loads(data["geom"])  # the widget holds the current geometry as GeoJSON
    assert shown["type"] == "MultiPolygon"
    ring = [[121.430, 31.210], [121.436, 31.210], [121.436, 31.214], [121.430, 31.214], [121.430, 31.210]]
    data["geom"] = json.dumps({"type": "Polygon", "coordinates": [ring]})  # what terra-draw draws
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    zone = RiskZone.objects.get(pk=zone.pk)
    assert zone.geom.geom_type == "MultiPolygon" and zone.geom.srid == 4326
    assert [list(c) for c in zone.geom[0][0].coords] == ring


@pytest.mark.parametrize("garbage, message", [
    ("not json at all", "无法读取几何图形"),
    ('{"type": "Point"}', "请在地图上绘制要素"),
    ('{"type": "Point", "coordinates": ["x", 1]}', "无法读取几何图形"),
    ('{"type": "LineString", "coordinates": [[121.39, 31.21], [121.40, 31.22]]}', "Point"),
    ('{"type": "Point", "coordinates": [31.21, 121.39]}', "上海"),
    ('[1, 2, 3]', "请在地图上绘制要素"),
])
def test_garbage_is_a_chinese_form_error_not_a_500(db, garbage, message):
    shelter = factories.shelter(1)
    client = staff("keeper", "shelter_staff")
    url = f"/admin/shelters/shelter/{shelter.pk}/change/"
    data = form_of(client.get(url).content.decode(), "shelter_form")
    data["geom"] = garbage
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html and message in html
    assert Shelter.objects.get(pk=shelter.pk).geom.coords == shelter.geom.coords  # nothing written
    assert 'value="' in html.split('class="geometry-widget"')[1][:800]  # the input is shown back


def test_self_intersecting_polygon_is_refused(db):
    zone = factories.risk_zone(1)
    client = staff("analyst", "gis_analyst")
    url = f"/admin/supervision/riskzone/{zone.pk}/change/"
    data = form_of(client.get(url).content.decode(), "riskzone_form")
    bowtie = [[121.43, 31.21], [121.44, 31.22], [121.44, 31.21], [121.43, 31.22], [121.43, 31.21]]
    data["geom"] = json.dumps({"type": "Polygon", "coordinates": [bowtie]})
    html = client.post(url, data).content.decode()
    assert "几何图形无效" in html or "无效" in html


def test_widget_parses_geojson_to_srid_4326():
    widget = MapWidget(attrs={"geom_type": "POINT"})
    value = widget.value_from_datadict({"geom": '{"type": "Point", "coordinates": [121.4, 31.2]}'}, {}, "geom")
    assert isinstance(value, GEOSGeometry) and value.srid == 4326 and value.coords == (121.4, 31.2)
    feature = '{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [121.4, 31.2]}}'
    assert widget.value_from_datadict({"geom": feature}, {}, "geom").coords == (121.4, 31.2)
    assert widget.value_from_datadict({"geom": "  "}, {}, "geom") is None
    rendered = widget.render("geom", GEOSGeometry("SRID=4326;POINT(121.4 31.2)"), attrs={"id": "id_geom"})
    assert 'type="hidden"' in rendered and "121.4" in rendered and "geom_type" not in rendered
    assert 'data-geom-type="POINT"' in rendered and 'data-draw="point"' in rendered
    assert 'data-draw="polygon"' not in rendered


def test_stock_lines_minimum_is_edited_by_warehouse_staff_but_not_the_quantity(db):
    """The quantity is the stock ledger's balance (geo_api/resources/services/stock.py): read-only
    in the admin; the minimum level is set here."""
    w = factories.warehouse(3)
    client = staff("store", "warehouse_staff")
    url = f"/admin/resources/warehouse/{w.pk}/change/"
    data = form_of(client.get(url).content.decode(), "warehouse_form")
    lines = StockItem.objects.filter(warehouse=w).count()
    assert int(data["stock-TOTAL_FORMS"]) == lines
    assert "stock-0-quantity" not in data
    data["stock-0-minimum"] = "40"
    data["stock-0-quantity"] = "250"  # sent anyway: ignored
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = StockItem.objects.get(warehouse=w)
    assert (item.quantity, item.minimum) == (100, 40)
