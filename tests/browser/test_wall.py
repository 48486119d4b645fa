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
    assert {"districts--0", "shelters--0", "warnings--0"} <= drawn, drawn
    # A calm wall: warehouses (public too) are one click away, not on by default.
    assert not page.rendered("warehouses")
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
    assert page.rendered("warnings") and page.rendered("districts"), "other layers stay"
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
    # The main link is our own shelter page; the OGC record is a small secondary link.
    assert popup.locator("a.popup-details").get_attribute("href") == f"/shelters/{shelter.pk}/"
    assert popup.locator("a.popup-details").inner_text() == "详情"
    assert popup.locator("a.popup-ogc").get_attribute("href") == f"/ogc/collections/shelters/items/{shelter.pk}?f=html"
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


# -- the calm wall, the open-events panel, command mode and new events (issue 10, item 8) ----------

@pytest.fixture
def incidents(transactional_db):
    from django.contrib.auth.models import Group, User

    from tests.browser.conftest import PASSWORD

    data = factories.one_of_each()  # one of every layer, its event reported (open), severity Ⅲ
    data["major"] = factories.event(1, code="EV-MAJOR", title="天山路危化品泄漏", severity=1, status="responding",
                                    event_type="危险化学品泄漏", address="长宁区天山路100号")
    data["closed"] = factories.event(2, code="EV-CLOSED", title="已结束的火灾", status="closed", severity=2)
    from django.contrib.gis.geos import Point

    for i in range(5):  # inside the framed street, where the wall looks at first
        factories.camera(i + 1, geom=Point(121.355 + i * 0.002, 31.205, srid=4326))
    for role in ("commander", "field_responder"):
        user = User.objects.create_user(f"wall_{role}", password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
    return data


def console_errors(page):
    """Console errors, with the URLs of failed requests (the console only says "404")."""
    errors = [m for m in page.console if m.startswith("error")]
    return errors + getattr(page, "failed", []) if errors else []


def watched(page):
    page.failed = []
    page.page.on("response", lambda r: page.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page


def test_signed_in_the_wall_is_calm_and_closed_events_are_behind_a_toggle(page, incidents):
    watched(page).login("wall_commander").wait_idle()
    layers = {f["properties"].get("code") or f["layer"] for f in page.rendered()}
    assert page.rendered("events") and page.rendered("shelters") and page.rendered("warnings")
    for off in ("cameras", "hazards", "resources", "enterprises", "personnel_positions", "warehouses", "risk_zones"):
        assert not page.rendered(off), off
    codes = {f["properties"].get("code") for f in page.rendered("events")}
    assert {"EV00000", "EV-MAJOR"} <= codes and "EV-CLOSED" not in codes, layers
    checked = page.js("[...document.querySelectorAll('.layer-panel input[data-layer]')].filter(i => i.checked).map(i => i.dataset.layer).sort()")
    assert checked == ["districts", "events", "shelters", "warnings"]
    page.shot("wall-calm")

    page.locator("[data-testid=show-closed-events]").check()
    page.wait("() => window.onemapTestHook.map.queryRenderedFeatures().some(f => f.source === 'events' && f.properties.code === 'EV-CLOSED')",
              message="the closed event never appeared")
    page.locator("input[data-layer=cameras]").check()
    page.wait("() => window.onemapTestHook.map.queryRenderedFeatures().some(f => f.source === 'cameras')")
    # The choice is this browser's: a reload keeps it.
    page.reload()
    page.wait_idle()
    assert page.rendered("cameras")
    assert "EV-CLOSED" in {f["properties"].get("code") for f in page.rendered("events")}
    assert page.errors == [] and console_errors(page) == []


def test_open_events_panel_flies_to_the_event_and_its_popup_is_chinese(page, incidents):
    page.login("wall_commander").wait_idle()
    items = page.locator(".open-events-panel .open-event")
    items.first.wait_for()
    # Open ones only, most severe first; Chinese state, Beijing time.
    assert [items.nth(i).get_attribute("data-id") for i in range(items.count())] == [
        str(incidents["major"].pk), str(incidents["events"].pk)]
    first = items.first.inner_text()
    assert "天山路危化品泄漏" in first and "响应中" in first and "EV-MAJOR" in first
    assert "2026-" in first and re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", first)
    assert "rgb(230, 0, 18)" in items.first.evaluate("el => getComputedStyle(el).borderLeftColor")  # Ⅰ: red
    assert items.first.locator("[data-testid=enter-command]").is_visible()

    page.locator(".open-events-panel .open-event-title", has_text="天山路危化品泄漏").click()
    popup = page.locator(f".feature-popup[data-layer=events][data-id='{incidents['major'].pk}']")
    popup.wait_for(timeout=15000)
    event = incidents["major"].geom
    page.wait("([x, y]) => { const m = window.onemapTestHook.map; const c = m.getCenter();"
              " return !m.isMoving() && Math.abs(c.lng - x) < 2e-3 && Math.abs(c.lat - y) < 2e-3; }", [event.x, event.y],
              message="the map never flew to the event")
    rows = dict(zip(popup.locator("th").all_inner_texts(), popup.locator("td").all_inner_texts()))
    assert "EV-MAJOR" in rows.values()
    assert "响应中" in rows.values()
    reported = incidents["major"].reported_at
    from django.utils import timezone
    assert timezone.localtime(reported).strftime("%Y-%m-%d %H:%M") in rows.values()  # Shanghai time
    assert len(rows) == 6, rows  # code, type, severity, state, reported time, address
    assert popup.locator("a.popup-details").get_attribute("href") == f"/desk/events/{incidents['major'].pk}/"
    assert popup.locator("[data-testid=enter-command]").inner_text() == "进入指挥"
    assert popup.locator("a.popup-ogc").count() == 1
    assert not re.search(r"[A-Za-z]{4,}", "".join(rows.values()).replace("EV-MAJOR", "")), rows
    page.shot("wall-open-events-popup")
    assert page.errors == [] and console_errors(page) == []


def test_command_button_enters_command_mode_and_opens_the_command_view(page, incidents):
    page.login("wall_commander").wait_idle()
    event = incidents["events"]
    button = page.locator(f".open-event[data-id='{event.pk}'] [data-testid=enter-command]")
    button.wait_for()
    with page.expect_navigation(url=re.compile(rf"/command/{event.pk}/$"), timeout=20000):
        button.click()
    assert page.url.endswith(f"/command/{event.pk}/")
    event.refresh_from_db()
    assert event.status == "responding"  # the server recorded command mode and moved the event on


def test_roles_that_cannot_command_get_no_button(page, incidents):
    page.login("wall_field_responder").wait_idle()
    page.locator(".open-events-panel .open-event").first.wait_for()
    assert page.locator("[data-testid=enter-command]").count() == 0
    page.locator(".open-events-panel .open-event").first.click()
    page.locator(".feature-popup[data-layer=events]").wait_for(timeout=15000)
    assert page.locator(".feature-popup [data-testid=enter-command]").count() == 0


def _panel_widths(page):
    return page.js("""(() => Object.fromEntries(['.open-events-panel', '.layer-panel', '.stats-panel', '.warnings-panel']
        .map(s => [s, document.querySelector(s).getBoundingClientRect().width])))()""")


def _district_inside_panels(page):
    """The framed district lies between the side panels: street names are not under a panel."""
    return page.js("""(() => {
        const m = window.onemapTestHook.map;
        const pad = m.getPadding();
        const left = document.querySelector('.maplibregl-ctrl-top-left').getBoundingClientRect().right;
        const right = document.querySelector('.maplibregl-ctrl-top-right').getBoundingClientRect().left;
        const f = m.queryRenderedFeatures({layers: ['districts--2']})[0];
        const p = f && m.project(f.geometry.coordinates);
        return {pad, left, right, label: p && [p.x, p.y]};
    })()""")


def test_panels_grow_on_a_32_9_wall_and_labels_stay_between_them(make_page, incidents):
    widths = {}
    for size in ((1920, 1080), (3840, 1080)):
        page = make_page(*size)
        page.login("wall_commander").wait_idle(timeout=120)  # a 32:9 canvas in software WebGL is slow
        page.locator(".open-events-panel .open-event").first.wait_for()
        widths[size] = _panel_widths(page)
        framed = _district_inside_panels(page)
        assert framed["pad"]["left"] >= framed["left"] - 12 and framed["pad"]["right"] > 0, framed
        assert framed["label"] and framed["left"] < framed["label"][0] < framed["right"], framed
        # Names wrap, never cut: no panel text is clipped horizontally.
        clipped = page.js("""[...document.querySelectorAll('.panel .open-event-title, .panel .layer-title, .panel .warning-headline')]
            .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)""")
        assert clipped == [], clipped
        page.shot(f"wall-panels-{size[0]}x{size[1]}")
        assert page.errors == [] and console_errors(page) == []
    for panel, narrow in widths[(1920, 1080)].items():
        assert widths[(3840, 1080)][panel] > narrow * 1.5, (panel, narrow, widths[(3840, 1080)][panel])


def test_a_new_event_announces_itself_without_reload(page, incidents):
    page.login("wall_commander").wait_idle()
    page.wait("window.onemapTestHook.live && window.onemapTestHook.live.mode === 'socket'")
    page.locator(".open-events-panel .open-event").first.wait_for()
    # Sound is off by default; switched on it beeps through WebAudio (counted here).
    assert not page.locator("[data-testid=event-sound]").is_checked()
    page.locator("[data-testid=event-sound]").check()
    page.js("""(() => { window.__beeps = 0; const C = window.onemapTestHook.openEvents.audio;
        const make = C.createOscillator.bind(C); C.createOscillator = () => { window.__beeps += 1; return make(); }; })()""")
    created = page.js("""async () => {
        const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const r = await fetch('/api/events/', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf},
          body: JSON.stringify({type: 'Feature', geometry: {type: 'Point', coordinates: [121.365, 31.205]},
            properties: {category: 'ACCIDENT', type: '火灾', severity: 2, title: '新接报：娄山关路火灾',
                         reported_at: new Date().toISOString(), source: 'fire_119', address: '长宁区娄山关路1号'}})});
        return [r.status, await r.json()];
    }""")
    assert created[0] == 201, created
    new_id = str(created[1]["id"])
    page.wait("(id) => { const first = document.querySelector('.open-events-panel .open-event');"
              " return first && first.dataset.id === id && first.classList.contains('is-new'); }", new_id,
              message="the new event never reached the top of the panel")
    assert "新事件" in page.locator(".open-events-panel .open-event").first.inner_text()
    page.locator(f".event-pulse[data-event='{new_id}']").wait_for()
    page.wait("() => window.__beeps >= 2", message="no beep")
    page.wait("(id) => window.onemapTestHook.map.queryRenderedFeatures().some(f => f.source === 'events' && String(f.id) === id)",
              new_id, message="the new event was never drawn")
    page.shot("wall-new-event")
    assert page.errors == [] and console_errors(page) == []
