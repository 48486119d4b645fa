"""A warehouse keeper records stock movements on /warehouses/{id}/ in a real browser: the quantity
in the stock table changes without a page reload (htmx swaps the stock panel), a withdrawal beyond
the stock is refused with the server's message and changes nothing, and the map beside the facts
shows the warehouse. Screenshots go to tests/artifacts/."""
import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point

from geo_api.resources.models import StockItem, StockMovement, Warehouse
from geo_api.resources.services import stock_move

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def store(transactional_db):
    keeper = User.objects.create_user("keeper", password=PASSWORD, first_name="王库管")
    keeper.groups.add(Group.objects.get(name="warehouse_staff"))
    w = Warehouse.objects.create(code="WZ-TEST-1", name="长宁区应急物资储备库", level="district",
                                 managing_unit="长宁区应急管理局", address="长宁区金钟路100号",
                                 geom=Point(121.370, 31.220, srid=4326))
    other = Warehouse.objects.create(code="WZ-TEST-2", name="仙霞新村街道应急物资储备点", level="street",
                                     managing_unit="仙霞新村街道办事处", address="长宁区仙霞路200号",
                                     geom=Point(121.390, 31.210, srid=4326))
    stock_move(kind="in", warehouse_id=w.pk, material_code="1010101", quantity=120, reason="年度采购入库", user=keeper)
    stock_move(kind="in", warehouse_id=w.pk, material_code="1010201", quantity=300, reason="年度采购入库", user=keeper)
    return {"keeper": keeper, "warehouse": w, "other": other}


def quantity_cell(page, code):
    return page.locator(f'[data-testid="quantity-{code}"]').inner_text().strip()


def test_a_keeper_records_a_movement_and_sees_the_quantity_update_without_reload(page, store):
    page.allow_console(r"status of 409", r"Error Code 409")  # the withdrawal beyond stock, refused on purpose
    w = store["warehouse"]
    page.login("keeper", next_path=f"/warehouses/{w.pk}/")
    assert page.url.endswith(f"/warehouses/{w.pk}/"), page.url
    assert quantity_cell(page, "1010101") == "120"
    page.wait("document.getElementById('ledger-map') && document.getElementById('ledger-map').dataset.ready === 'true'",
              message="the warehouse map never drew")
    # A marker that survives only if the page is not reloaded.
    page.js("window.__noReload = 'still here'")
    loads = []
    page.on("load", lambda: loads.append(1))

    page.select_option("#id_kind", "out")
    page.select_option("#id_material_code", "1010101")
    page.fill("#id_quantity", "20")
    page.fill("#id_reason", "天山路小区火灾临时安置")
    page.click('[data-testid="movement-submit"]')
    page.wait("document.querySelector('[data-testid=\"quantity-1010101\"]').textContent.trim() === '100'",
              message="the quantity did not update in place")
    assert page.js("window.__noReload") == "still here" and not loads, "the page was reloaded"
    assert "已登记" in page.locator('[data-testid="movement-message"]').inner_text()
    assert "天山路小区火灾临时安置" in page.locator("#movements-table").inner_text()
    assert StockItem.objects.get(warehouse=w, material_code="1010101").quantity == 100
    page.shot("warehouses-movement-recorded")

    # Too much: refused with the server's words, nothing changes.
    page.select_option("#id_kind", "out")
    page.select_option("#id_material_code", "1010101")
    page.fill("#id_quantity", "500")
    page.fill("#id_reason", "超量领用")
    page.click('[data-testid="movement-submit"]')
    page.wait("!!document.querySelector('[data-testid=\"movement-error\"]')", message="no refusal shown")
    assert "库存为负" in page.locator('[data-testid="movement-error"]').inner_text()
    assert quantity_cell(page, "1010101") == "100"
    assert page.js("window.__noReload") == "still here"

    # A transfer to a street store.
    page.select_option("#id_kind", "transfer")
    page.select_option("#id_material_code", "1010201")
    page.select_option("#id_to_warehouse", str(store["other"].pk))
    page.fill("#id_quantity", "50")
    page.fill("#id_reason", "向仙霞新村街道储备点调拨")
    page.click('[data-testid="movement-submit"]')
    page.wait("document.querySelector('[data-testid=\"quantity-1010201\"]').textContent.trim() === '250'")
    assert StockItem.objects.get(warehouse=store["other"], material_code="1010201").quantity == 50
    assert StockMovement.objects.filter(kind="out", actor=store["keeper"]).count() == 1
    page.shot("warehouses-after-transfer")
    assert not page.errors, page.errors


def test_the_warehouse_list_shows_statistics_and_the_map(page, store):
    page.login("keeper", next_path="/warehouses/")
    page.wait("document.getElementById('ledger-map') && document.getElementById('ledger-map').dataset.points === '2'",
              message="the warehouses map never drew its points")
    page.wait("!!document.querySelector('#warehouses-chart-material[data-rendered]')", message="no chart")
    assert "长宁区应急物资储备库" in page.locator("#warehouses-table").inner_text()
    assert "单帐篷" in page.locator("#stock-by-material").inner_text()
    page.shot("warehouses-list")
    assert not page.errors, page.errors


def test_the_resource_ledger_lists_maps_and_charts_resources(page, store):
    from tests import factories

    factories.resource(1, name="仙霞消防救援站", kind="team", quantity=30, unit="人")
    factories.resource(2, name="移动排水泵", kind="equipment", quantity=3, unit="台")
    factories.resource(3, name="救护车", kind="vehicle", quantity=1, unit="辆")
    page.login("keeper", next_path="/resources/")
    page.wait("document.getElementById('ledger-map') && document.getElementById('ledger-map').dataset.points === '3'",
              message="the ledger map never drew its points")
    page.wait("!!document.querySelector('#resources-chart-kind[data-rendered]')", message="no chart")
    page.select_option("#id_kind", "equipment")  # htmx: the list, map and statistics follow the filter
    page.wait("document.getElementById('ledger-map') && document.getElementById('ledger-map').dataset.points === '1'",
              message="the map did not follow the filter")
    assert "移动排水泵" in page.locator("#resources-table").inner_text()
    assert "救护车" not in page.locator("#resources-table").inner_text()
    assert "kind=equipment" in page.url
    page.shot("resources-ledger")
    assert not page.errors, page.errors
