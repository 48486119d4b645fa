"""Every page on a 390×844 phone (issue 11): no sideways scrolling of the page, the map takes the
width on the wall and the command view, their panels open one group at a time as bottom sheets from
a tab bar under the map (and close), the wall's counters stay in sight. The desk pages fit the width
too. Screenshots: tests/artifacts/phone-width-*.png. The desktop sizes are in test_wall.py and
test_command.py; here only that the phone's bar stays out of them."""
import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point

from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

W, H = 390, 844
# As long as the demo data's longest names: they are what widened the pages.
LONG_SHELTER = "长宁区新泾镇北翟路应急避难场所（中心绿地）"
LONG_WAREHOUSE = "上海市应急物资储备库（西部库）长宁区新泾镇北翟路临时分库"

WALL_TABS = {  # tab → the panels it opens
    "events": ".open-events-panel",
    "layers": ".layer-panel",
    "situation": ".stats-panel .panel-title",  # the counters themselves are always in the strip
    "warnings": ".warnings-panel",
    "duty": ".duty-panel",
}
COMMAND_TABS = {
    "event": ".event-card",
    "orders": "[data-panel=instructions]",
    "field": "[data-panel=responders]",
    "nearby": ".nearby-panel",
    "layers": ".layer-panel",
}


@pytest.fixture
def city(transactional_db):
    data = factories.one_of_each()  # one of every layer, its event reported (open)
    data["major"] = factories.event(1, code="EV-MAJOR", title="天山路危化品泄漏", severity=1, status="responding",
                                    address="长宁区天山路100号")
    factories.shelter(9, x=121.401, y=31.2115, name=LONG_SHELTER)
    data["warehouse"] = factories.warehouse(9, name=LONG_WAREHOUSE)
    factories.responder(0)
    for name, role in (("phone_commander", "commander"), ("phone_analyst", "gis_analyst")):
        user = User.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
    return data


def phone(make_page, path, user="phone_commander"):
    page = make_page(width=W, height=H)
    page.login(user, next_path=path)
    return page


def overflow(page):
    return page.js("document.documentElement.scrollWidth")


def canvas_width(page):
    return page.js("document.querySelector('#map canvas').getBoundingClientRect().width")


def in_view(page, selector):
    """The element is displayed and lies inside the viewport."""
    box = page.locator(selector).first.bounding_box()
    return bool(box) and box["width"] > 0 and box["x"] >= -0.5 and box["x"] + box["width"] <= W + 0.5 \
        and box["y"] >= -0.5 and box["y"] < H


def check_tabs(page, tabs, prefix):
    """Each tab opens its panels over the map with a close button; the close button shuts them."""
    labels = page.locator(".phone-tab").all_inner_texts()
    assert len(labels) == len(tabs) and all(labels), labels
    for key, selector in tabs.items():
        assert not page.locator(selector).first.is_visible(), f"{key}: shown before its tab was pressed"
        page.locator(f".phone-tab[data-sheet={key}]").click()
        page.locator(selector).first.wait_for(state="visible")
        assert in_view(page, selector), key
        assert page.locator(f".phone-tab[data-sheet={key}]").get_attribute("aria-pressed") == "true"
        assert page.locator("[data-testid=sheet-close]").is_visible()
        # One group at a time: the other tabs' panels stay shut.
        for other, other_selector in tabs.items():
            if other != key and other_selector != selector:
                assert not page.locator(other_selector).first.is_visible(), f"{other} shown with {key}"
        assert overflow(page) <= W, key
        page.shot(f"{prefix}-{key}")
        page.locator("[data-testid=sheet-close]").click()
        page.locator(selector).first.wait_for(state="hidden")
        assert not page.locator("[data-testid=sheet-close]").is_visible()
    # Pressing the open tab again also shuts it.
    first = next(iter(tabs))
    page.locator(f".phone-tab[data-sheet={first}]").click()
    page.locator(tabs[first]).first.wait_for(state="visible")
    page.locator(f".phone-tab[data-sheet={first}]").click()
    page.locator(tabs[first]).first.wait_for(state="hidden")


def test_the_wall_on_a_phone_is_the_map_with_its_panels_in_sheets(make_page, city):
    page = phone(make_page, "/")
    page.wait_idle(timeout=90)
    page.wait("document.querySelector('.counter-value[data-counter=open_events]').textContent.trim() === '2'")
    assert overflow(page) <= W
    assert canvas_width(page) >= 0.9 * W
    # The title bar fits (title and clock, links wrapped below) and is not taller than two rows.
    bar = page.js("(() => { const b = document.getElementById('title-bar'); return [b.scrollWidth, b.clientWidth, b.getBoundingClientRect().height]; })()")
    assert bar[0] <= bar[1] and bar[2] <= 90, bar
    assert in_view(page, ".clock-time") and in_view(page, ".title-text")
    # The camera is not padded for columns that lie over the map.
    assert page.js("(() => { const p = window.onemapTestHook.map.getPadding(); return p.left + p.right; })()") == 0
    # The counters stay in sight, in a strip over the map's bottom; the search over its top.
    for counter in ("open_events", "active_warnings", "shelter_capacity", "responders_on_duty"):
        assert in_view(page, f".counter-value[data-counter={counter}]"), counter
    assert in_view(page, ".search-input")
    # A silent agency feed (none has sent anything in a fresh database) marks the 预警 tab, so the
    # alert is seen with the sheet shut.
    page.wait("document.querySelectorAll('.feeds-alert .feeds-badge').length > 0")
    page.wait("document.querySelector('.phone-tab[data-sheet=warnings]').classList.contains('has-alert')")
    assert page.js("document.querySelectorAll('.phone-tab.has-alert').length") == 1
    page.shot("phone-width-wall")
    check_tabs(page, WALL_TABS, "phone-width-wall")
    assert page.js("window.onemapTestHook.sheets.current()") is None
    assert canvas_width(page) >= 0.9 * W
    # Choosing an event in its sheet shuts the sheet: the map shows it, with its popup.
    page.locator(".phone-tab[data-sheet=events]").click()
    page.locator(".open-event").first.click()
    page.locator(".feature-popup[data-layer=events]").wait_for(state="visible")
    assert not page.locator(".open-events-panel").is_visible()
    assert in_view(page, ".feature-popup[data-layer=events]")
    page.shot("phone-width-wall-popup")


def test_the_command_view_on_a_phone_is_map_first(make_page, city):
    event = city["major"]
    page = phone(make_page, f"/command/{event.pk}/")
    page.wait_idle(timeout=90)
    page.locator(".nearby-group").first.wait_for(state="attached")
    assert overflow(page) <= W
    assert canvas_width(page) >= 0.9 * W
    assert page.js("(() => { const p = window.onemapTestHook.map.getPadding(); return p.left + p.right; })()") == 0
    # The event itself is in the visible map, not under a panel.
    x, y = page.pixel(*event.geom.coords)
    box = page.locator("#map").bounding_box()
    assert 0 < x < W and box["y"] < y < box["y"] + box["height"]
    page.shot("phone-width-command")
    check_tabs(page, COMMAND_TABS, "phone-width-command")
    # A sheet with several panels scrolls as one: no panel is cut to a box of its own.
    page.locator(".phone-tab[data-sheet=nearby]").click()
    page.locator("[data-panel=warehouses]").wait_for(state="visible")
    cut = page.js("""[...document.querySelectorAll('.panel.is-sheet-open')]
        .filter(e => e.scrollHeight > e.clientHeight + 1).map(e => e.className)""")
    assert cut == []
    page.locator("[data-panel=warehouses]").scroll_into_view_if_needed()
    assert in_view(page, "[data-panel=warehouses]")
    # Choosing a place in it shuts the sheet: the map flies there and opens its popup.
    page.locator(".nearby-group[data-layer=shelters] .nearby-item").first.click()
    page.locator(".feature-popup[data-layer=shelters]").wait_for(state="visible")
    assert not page.locator(".nearby-panel").is_visible()
    assert in_view(page, ".feature-popup[data-layer=shelters]")


def wider_pages(page, paths):
    """{path: page width} of the pages wider than the phone."""
    wide = {}
    for path in paths:
        response = page.page.goto(page.base + path)
        assert response.status == 200, path
        page.page.wait_for_load_state("load")
        page.page.wait_for_timeout(300)  # the scripts that fill a page (maps, charts)
        if overflow(page) > W:
            wide[path] = overflow(page)
    return wide


def test_the_desk_pages_fit_a_phone(make_page, city):
    page = phone(make_page, "/desk/")
    shelter = city["shelters"]
    pages = ["/desk/", "/desk/events/", f"/desk/events/{city['major'].pk}/", "/tasks/", "/shelters/",
             f"/shelters/{shelter.pk}/", "/warehouses/", f"/warehouses/{city['warehouse'].pk}/", "/resources/",
             "/resources/new/", "/plans/", "/cases/", "/feeds/", "/duty/", "/duty/rosters/", "/duty/intake/"]
    wide = wider_pages(page, pages)
    # The imports desk is for GIS analysts (a commander is refused).
    wide.update(wider_pages(phone(make_page, "/imports/", user="phone_analyst"), ["/imports/"]))
    assert not wide, f"wider than the phone: {wide}"
    page.open("/warehouses/")
    page.page.wait_for_load_state("load")
    page.shot("phone-width-warehouses")
    page.open("/duty/")
    page.page.wait_for_load_state("load")
    page.shot("phone-width-duty")


def test_the_phone_bar_stays_out_of_a_desktop_screen(make_page, city):
    page = make_page(width=1920, height=1080)
    page.login("phone_commander", next_path="/")
    page.wait_idle(timeout=90)
    assert not page.locator("[data-testid=phone-tabs]").is_visible()
    for selector in WALL_TABS.values():
        assert page.locator(selector).first.is_visible(), selector
    # The columns still pad the camera.
    pad = page.js("window.onemapTestHook.map.getPadding()")
    assert pad["left"] > 300 and pad["right"] > 300, pad
