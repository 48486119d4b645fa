"""The map wall (/): what is drawn, the layer toggles, popups, search, counters and warnings."""
import json
import re
import time

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wall_data(transactional_db):
    data = factories.one_of_each()
    # A shelter inside both the district and the warning polygon: a click there must open the shelter.
    data["inside"] = factories.shelter(7, x=121.37, y=31.21, name="天山公园避难场所")
    for i in range(1, 4):
        factories.shelter(i)
    return data


def test_wall_renders_features_counters_and_warnings(page, wall_data):
    page.open("/").wait_idle()
    drawn = {f["layer"] for f in page.rendered()}
    assert {"districts--0", "shelters--0", "warehouses--0", "warnings--0"} <= drawn, drawn
    names = {f["properties"].get("name") for f in page.rendered("shelters")}
    assert {"避难场所0", "天山公园避难场所"} <= names
    # Street label drawn from the districts layer (our own basemap), once per street.
    labels = [f for f in page.rendered("districts") if f["layer"] == "districts--2"]
    assert [f["properties"]["name"] for f in labels] == ["测试街道0"]
    # Anonymous visitors see public layers only.
    assert not page.rendered("events")

    assert page.locator(".title-text").inner_text() == "长宁区应急管理一张图"
    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", page.locator(".clock-time").inner_text())
    assert page.locator(".clock-label").inner_text() == "北京时间"
    page.wait("document.querySelector('[data-counter=active_warnings]').textContent === '1'")
    assert page.locator("[data-counter=shelter_capacity]").inner_text() == f"{5 * 2500:,}"
    warning = page.locator(".warning-list .warning").first
    assert warning.get_attribute("data-colour") == "orange"
    assert "二级（橙色）" in warning.inner_text()
    assert "rgb(255, 127, 0)" in warning.evaluate("el => getComputedStyle(el).borderLeftColor")
    groups = page.locator(".layer-group-title").all_inner_texts()
    assert groups[0] == "基础地理" and "避难场所" in groups
    assert page.errors == []
    page.shot("wall")


def test_wall_on_a_32_9_wall_keeps_the_map_native(make_page, wall_data):
    page = make_page(3840, 1080)
    page.open("/").wait_idle()
    canvas = page.js("(() => { const c = window.onemapTestHook.map.getCanvas(); const r = c.getBoundingClientRect();"
                     " return [r.width, r.height, c.width / devicePixelRatio, getComputedStyle(document.documentElement).getPropertyValue('--ui-scale')]; })()")
    assert canvas[0] == 3840 and canvas[0] == canvas[2]  # not CSS-scaled
    assert float(canvas[3]) == 1.0
    assert page.rendered("shelters")
    page.shot("wall-3840x1080")


def test_toggling_a_layer_changes_what_is_drawn(page, wall_data):
    page.open("/").wait_idle()
    assert page.rendered("shelters")
    page.locator("input[data-layer=shelters]").uncheck()
    page.wait("() => window.onemapTestHook.map.queryRenderedFeatures().every(f => f.source !== 'shelters')")
    assert page.rendered("warehouses"), "other layers stay"
    page.shot("wall-shelters-off")
    page.locator("input[data-layer=shelters]").check()
    page.settle()
    assert page.rendered("shelters")


def test_a_click_opens_the_popup_of_the_feature_on_top(page, wall_data):
    page.open("/").wait_idle()
    shelter = wall_data["inside"]
    page.click_map(shelter.geom.x, shelter.geom.y)
    popup = page.locator(".feature-popup")
    popup.wait_for()
    assert page.locator(".feature-popup").count() == 1
    assert popup.get_attribute("data-layer") == "shelters"
    assert popup.locator(".popup-title").inner_text() == "天山公园避难场所"
    rows = dict(zip(popup.locator("th").all_inner_texts(), popup.locator("td").all_inner_texts()))
    assert rows["名称"] == "天山公园避难场所"
    assert rows["场所类别"] == "Ⅱ类（10天至30天）"  # choices shown by label, not by code
    assert rows["场所类型"] == "短期固定避难场所"
    assert rows["容纳人数（人）"] == "2,500"
    assert popup.locator("a.popup-link").get_attribute("href") == f"/ogc/collections/shelters/items/{shelter.pk}?f=html"
    page.shot("wall-popup")

    # A click on the warning area (no point there) opens the warning.
    page.click_map(121.375, 31.2015)
    page.wait("document.querySelector('.feature-popup') && document.querySelector('.feature-popup').dataset.layer === 'warnings'")
    assert "暴雨橙色预警0" in page.locator(".feature-popup .popup-title").inner_text()


def test_search_flies_to_the_feature(page, wall_data):
    page.open("/").wait_idle()
    target = factories.shelter(42, x=121.445, y=31.225, name="中山公园避难场所")
    page.fill(".search-input", "中山公园")
    result = page.locator(".search-result").first
    result.wait_for()
    assert "中山公园避难场所" in result.inner_text()
    result.click()
    page.wait("() => { const c = window.onemapTestHook.map.getCenter(); return Math.abs(c.lng - 121.445) < 1e-4"
              " && Math.abs(c.lat - 31.225) < 1e-4 && !window.onemapTestHook.map.isMoving(); }")
    assert page.js("window.onemapTestHook.map.getZoom()") >= 16
    page.locator(f".feature-popup[data-id='{target.pk}']").wait_for()
    page.shot("wall-search")


def test_english_by_parameter_persists_and_the_switch_goes_back(page, wall_data):
    page.open("/?lang=en").wait_idle()
    assert page.locator(".title-text").inner_text() == "Changning Emergency One-Map"
    assert "Shelters" in page.locator(".layer-panel").inner_text()
    page.open("/").wait_idle()
    assert page.locator(".title-text").inner_text() == "Changning Emergency One-Map", "the choice persists"
    assert page.js("document.documentElement.lang") == "en"
    page.shot("wall-english")
    page.click("[data-testid=lang-switch]")
    page.wait("document.documentElement.lang === 'zh-Hans' && window.onemapTestHook.idle === true")
    assert page.locator(".title-text").inner_text() == "长宁区应急管理一张图"


def test_a_change_arrives_over_the_socket_and_is_drawn(page, wall_data):
    """A shelter written straight to the database (committed; the server learns of it through
    PostgreSQL NOTIFY) reaches the open wall as a WebSocket frame, not through the poll, and is drawn."""
    page.open("/").wait_idle()
    page.wait("window.onemapTestHook.live && window.onemapTestHook.live.mode === 'socket'",
              message="the wall never opened its WebSocket")
    page.settle()
    before = time.monotonic()
    shelter = factories.shelter(77, x=121.372, y=31.212, name="实时推送避难场所")
    deadline = time.monotonic() + 10
    frame = None
    while frame is None and time.monotonic() < deadline:
        for at, text in list(page.frames):
            body = json.loads(text)
            if at > before and any(c.get("layer") == "shelters" and c.get("id") == shelter.pk
                                   for c in body.get("changes", [])):
                frame = body
        page.wait_for_timeout(50)  # the sync API delivers Playwright events only while it is called
    assert frame is not None, f"no frame for the new shelter: {page.frames[-5:]}"
    page.wait("(name) => window.onemapTestHook.map.queryRenderedFeatures()"
              ".some(f => f.source === 'shelters' && f.properties.name === name)", "实时推送避难场所",
              message="the new shelter was never drawn")
    polls = [url for at, url in page.requests if at > before and "/api/changes/" in url]
    assert not polls, f"the change came through the poll: {polls}"
    assert page.errors == []
