"""The desk editor (/editor/): draw, save, move a vertex, delete, undo; errors next to fields;
every change goes through the API, shows up in /ogc and on the wall without a reload."""
import json
import time

import pytest
from django.test import Client

from geo_api.shelters import models as shelters_models
from geo_api.shelters.capacity import capacity_of
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHELTER = {"code": "SH-WEB-001", "name": "网页新建避难场所", "area_m2": "1200",
           "managing_unit": "长宁区应急管理局", "address": "长宁区测试路1号"}
CHOICES = {"shelter_class": "II", "shelter_type": "emergency", "space_type": "outdoor", "tier": "street"}


def ogc_items(layer_id):
    response = Client().get(f"/ogc/collections/{layer_id}/items", {"f": "json", "limit": 1000},
                            HTTP_ACCEPT="application/geo+json")
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)["features"]


def ogc_item(layer_id, feature_id, user=None):
    client = Client()
    if user is not None:
        # The server re-hashes the password at sign-in with its own iteration count, which changes
        # the session hash: sign in as the user the database holds now.
        user.refresh_from_db()
        client.force_login(user)
    response = client.get(f"/ogc/collections/{layer_id}/items/{feature_id}", {"f": "json"})
    return json.loads(response.content) if response.status_code == 200 else None


def open_editor(page, user, layer):
    page.login(user.username, next_path=f"/editor/%3Flayer%3D{layer}")
    page.wait_idle()
    page.wait("!!(window.onemapTestHook.editor && window.onemapTestHook.editor.state.schema)")


def editor_idle(page):
    page.wait("window.onemapTestHook.editor && !window.onemapTestHook.editor.state.busy")


def draw_point(page, lon, lat):
    page.click("button[data-op=drawPoint]")
    page.click_map(lon, lat)
    page.wait("window.onemapTestHook.editor.state.selection && window.onemapTestHook.editor.state.selection.id === null")


def test_anonymous_users_are_sent_to_sign_in(page):
    page.open("/editor/")
    assert "/accounts/login/" in page.url and "next=/editor/" in page.url
    assert page.locator("h2.login-heading").inner_text() == "登录"
    page.shot("editor-anonymous-sign-in")


def test_a_drawn_point_round_trips_through_the_api_to_ogc_and_the_wall(make_page, shelter_staff):
    factories.district()
    wall = make_page()
    wall.open("/").wait_idle()
    page = make_page()
    open_editor(page, shelter_staff, "shelters")
    assert page.locator("button[data-op=drawPolygon]").is_hidden(), "a point layer offers no polygons"
    assert page.locator("button[data-op=delete]").get_attribute("data-reason") == "请先选择一个已保存的要素"

    draw_point(page, 121.361, 31.211)
    form = page.locator("[data-testid=feature-form]")
    for name, value in SHELTER.items():
        form.locator(f"[data-field={name}]").fill(value)
    for name, value in CHOICES.items():
        form.locator(f"select[data-field={name}]").select_option(value)
    page.click("button[data-op=save]")
    feature_id = page.wait("window.onemapTestHook.editor.state.selection && window.onemapTestHook.editor.state.selection.id")
    editor_idle(page)
    assert page.locator("[data-testid=editor-status]").inner_text() == "已保存"
    page.shot("editor-saved")

    # Server side: the row, who wrote it, and OGC API Features (what QGIS reads).
    shelter = shelters_models.Shelter.objects.get(pk=feature_id)
    # Capacity is computed by PostgreSQL from the area and the type (geo_api/shelters/capacity.py).
    assert shelter.name == SHELTER["name"] and shelter.capacity == capacity_of(1200, "emergency")
    item = ogc_item("shelters", feature_id)
    assert item["properties"]["name"] == SHELTER["name"]
    assert item["geometry"]["coordinates"] == pytest.approx([121.361, 31.211], abs=2e-5)

    # The wall shows it without a reload (live push or the 2 s poll).
    wall.wait("(name) => window.onemapTestHook.map.queryRenderedFeatures().some(f => f.source === 'shelters' && f.properties.name === name)",
              SHELTER["name"], timeout=20)
    wall.shot("wall-after-edit")

    # Move it (save on finish), then undo the move.
    x, y = page.pixel(121.361, 31.211)
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + 6 * step, y + 4 * step)
        time.sleep(0.02)
    page.mouse.up()
    page.wait("(id) => { const s = window.onemapTestHook.editor.state; return !s.busy && s.history.done.length === 2; }", feature_id)
    moved = ogc_item("shelters", feature_id)["geometry"]["coordinates"]
    assert moved[0] > 121.3612 and moved[1] < 31.2108, moved
    page.click("button[data-op=undo]")
    page.wait("window.onemapTestHook.editor.state.history.done.length === 1 && !window.onemapTestHook.editor.state.busy")
    assert ogc_item("shelters", feature_id)["geometry"]["coordinates"] == pytest.approx([121.361, 31.211], abs=2e-5)

    # Edit an attribute.
    assert page.locator("[data-field=capacity]").is_disabled(), "capacity is computed, not typed"
    page.locator("[data-field=area_m2]").fill("1600")
    page.click("button[data-op=save]")
    page.wait("window.onemapTestHook.editor.state.history.done.length === 2 && !window.onemapTestHook.editor.state.busy")
    assert ogc_item("shelters", feature_id)["properties"]["capacity"] == capacity_of(1600, "emergency")

    # Delete (confirmed), gone from /ogc; undo brings it back under a new id.
    page.click("button[data-op=delete]")
    page.wait("!window.onemapTestHook.editor.state.selection && !window.onemapTestHook.editor.state.busy")
    assert ogc_item("shelters", feature_id) is None
    page.click("button[data-op=undo]")
    new_id = page.wait("window.onemapTestHook.editor.state.selection && window.onemapTestHook.editor.state.selection.id")
    assert new_id != feature_id
    assert ogc_item("shelters", new_id)["properties"]["capacity"] == capacity_of(1600, "emergency")
    assert page.errors == []


def test_validation_errors_are_shown_next_to_the_field(page, shelter_staff):
    page.allow_console(r"status of 400")  # the invalid feature this test submits
    open_editor(page, shelter_staff, "shelters")
    draw_point(page, 121.40, 31.21)
    page.locator("[data-field=code]").fill("SH-WEB-002")
    page.locator("[data-field=area_m2]").fill("-5")
    page.click("button[data-op=save]")
    editor_idle(page)
    name_error = page.locator("[data-error-for=name]")
    name_error.wait_for()
    assert name_error.inner_text().strip(), "the required name says so"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in name_error.inner_text()), "in Chinese"
    assert page.locator(".form-row[data-row=name]").get_attribute("class").count("invalid") == 1
    assert page.locator("[data-error-for=code]").inner_text() == ""
    assert page.locator("[data-testid=editor-status]").inner_text() == "保存失败"
    assert not shelters_models.Shelter.objects.filter(code="SH-WEB-002").exists(), "nothing half-written"
    page.shot("editor-validation")


def test_a_polygon_is_drawn_and_a_vertex_moved(page, admin_user_browser):
    factories.district()
    open_editor(page, admin_user_browser, "risk_zones")
    assert page.locator("button[data-op=drawPoint]").is_hidden()
    page.click("button[data-op=drawPolygon]")
    corners = [(121.38, 31.20), (121.39, 31.20), (121.39, 31.21), (121.38, 31.21)]
    for lon, lat in corners:
        page.click_map(lon, lat)
        time.sleep(0.15)
    page.click_map(*corners[0])  # close the ring
    page.wait("window.onemapTestHook.editor.state.selection && window.onemapTestHook.editor.state.selection.id === null")
    form = page.locator("[data-testid=feature-form]")
    form.locator("[data-field=name]").fill("网页新建风险区域")
    form.locator("select[data-field=zone_type]").select_option("waterlogging")
    form.locator("select[data-field=risk_colour]").select_option("orange")
    form.locator("[data-field=responsible_unit]").fill("长宁区水务局")
    page.click("button[data-op=save]")
    zone_id = page.wait("window.onemapTestHook.editor.state.selection && window.onemapTestHook.editor.state.selection.id")
    editor_idle(page)
    item = ogc_item("risk_zones", zone_id, admin_user_browser)
    assert item["geometry"]["type"] == "MultiPolygon"
    ring = item["geometry"]["coordinates"][0][0]
    assert len(ring) == 5
    assert any(p == pytest.approx([121.39, 31.21], abs=2e-5) for p in ring), ring

    # Move the north-east vertex.
    x, y = page.pixel(121.39, 31.21)
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + 4 * step, y - 3 * step)
        time.sleep(0.02)
    page.mouse.up()
    page.wait("window.onemapTestHook.editor.state.history.done.length === 2 && !window.onemapTestHook.editor.state.busy")
    ring = ogc_item("risk_zones", zone_id, admin_user_browser)["geometry"]["coordinates"][0][0]
    assert not any(p == pytest.approx([121.39, 31.21], abs=2e-5) for p in ring), ring
    assert max(p[0] for p in ring) > 121.3905
    page.shot("editor-polygon")
