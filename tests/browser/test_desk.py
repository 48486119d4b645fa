"""The desk in a real browser: /desk/events/ updates its table through htmx without reloading the
page, and the admin's geometry widget draws its offline map and writes what the user places.

Uses only the `page` fixture of tests/browser/conftest.py (a Playwright page wrapper that forwards
Playwright's API and knows its server's base URL as `page.base`), so it follows that file's server."""
import json
import re
import time
from datetime import datetime, timedelta, timezone as dt_timezone
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
ARTIFACTS = Path(settings.BASE_DIR) / "tests" / "artifacts"
T = datetime(2026, 11, 29, 6, 5, tzinfo=dt_timezone.utc)


def account(username, role, staff=False):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=staff)
    user.groups.add(Group.objects.get(name=role))
    return user


def base_of(page, request):
    return getattr(page, "base", None) or request.getfixturevalue("live_url")


def sign_in(page, base, username, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def wait_for(page, expression, timeout=30.0, message=None):
    """Polls with page.evaluate (CDP, not subject to the page's CSP, which forbids eval)."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        last = page.evaluate(expression)
        if last:
            return last
        time.sleep(0.1)
    message = message() if callable(message) else message
    raise AssertionError(message or f"timed out waiting for {expression!r} (last {last!r})")


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def codes(page):
    return page.evaluate("() => [...document.querySelectorAll('#events-table td.desk-code')].map(td => td.textContent)")


def test_event_list_filters_and_sorts_without_reloading(page, request):
    base = base_of(page, request)
    factories.event(1, code="EV-A", title="仙霞路火灾", severity=1, category="ACCIDENT", status="responding", reported_at=T)
    factories.event(2, code="EV-B", title="天山路积水", severity=2, category="NATURAL", reported_at=T - timedelta(hours=1))
    factories.event(3, code="EV-C", title="虹桥路交通事故", severity=3, category="ACCIDENT", status="closed",
                    reported_at=T - timedelta(hours=2))
    factories.event(4, code="EV-DRILL", title="演练", severity=1, is_drill=True, reported_at=T + timedelta(hours=1))
    account("duty", "duty_officer")
    sign_in(page, base, "duty", "/desk/events/")
    assert page.url.endswith("/desk/events/")
    assert codes(page) == ["EV-A", "EV-B", "EV-C"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", page.locator("#desk-clock").inner_text())
    assert page.locator(".desk-nav-link.is-current").inner_text() == "指挥"
    wait_for(page, "() => !!document.querySelector('#events-chart-status canvas')", message="no status chart")
    assert page.evaluate("() => document.getElementById('events-chart-category').dataset.rendered") is not None
    shot(page, "desk-events")

    page.evaluate("() => { window.deskMarker = 'same page'; }")
    page.select_option("#id_category", "ACCIDENT")
    wait_for(page, "() => document.querySelectorAll('#events-table td.desk-code').length === 2",
             message="the table did not update after the category filter")
    assert codes(page) == ["EV-A", "EV-C"]
    assert page.evaluate("() => window.deskMarker") == "same page"  # no full reload
    assert "category=ACCIDENT" in page.url  # the filter is in the address (hx-push-url)
    # The chart follows the filters.
    wait_for(page, "() => document.getElementById('events-chart-category').dataset.rendered === '0,2,0,0'",
             message=lambda: "the category chart did not follow the filter: " + str(page.evaluate(
                 "() => [document.getElementById('events-chart-category').dataset.rendered,"
                 " document.getElementById('events-chart-data').textContent]")) + str(page.errors))

    sorted_by = "() => document.querySelector('#events-table th a[data-sort=%s]')?.textContent === '级别'"
    page.click("#events-table th a:has-text('级别')")  # most severe first, then a click toggles it
    wait_for(page, sorted_by % "ascending", message="the severity sort did not apply")
    assert codes(page) == ["EV-A", "EV-C"]
    page.click("#events-table th a:has-text('级别')")
    wait_for(page, sorted_by % "descending", message="the severity sort did not toggle")
    wait_for(page, "() => document.querySelector('#events-table td.desk-code').textContent === 'EV-C'",
             message="sorting did not update the table")
    assert page.evaluate("() => window.deskMarker") == "same page"
    assert "sort=-severity" in page.url
    page.fill("#id_q", "不存在")
    wait_for(page, "() => !!document.querySelector('[data-state=empty]')", message="no empty state")
    shot(page, "desk-events-empty")
    page.go_back()
    wait_for(page, "() => document.querySelectorAll('#events-table td.desk-code').length === 2",
             message="back did not restore the filtered table")

    page.click("[data-testid=lang-switch]")
    page.wait_for_load_state("load")
    assert page.locator("h1.desk-heading").inner_text() == "Events"
    shot(page, "desk-events-english")
    # A row opens the command map of its event.
    page.click("#events-table a.desk-row-link >> nth=0")
    page.wait_for_load_state("load")
    assert re.search(r"/command/\d+/$", page.url)


def test_admin_shelter_page_draws_the_offline_map_and_places_the_point(page, request):
    base = base_of(page, request)
    district = factories.district(2)
    shelter = factories.shelter(1, x=121.375, y=31.21, district=district)
    account("keeper", "shelter_staff", staff=True)
    # The map client publishes its map on this hook only when a test asks for it.
    page.add_init_script("window.onemapTestHook = {};")
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) and not r.url.startswith(("data:", "blob:")) else None)
    sign_in(page, base, "keeper", f"/admin/shelters/shelter/{shelter.pk}/change/")
    assert f"/admin/shelters/shelter/{shelter.pk}/change/" in page.url
    assert page.locator("textarea[name=geom]").count() == 0
    wait_for(page, "() => document.querySelector('.geometry-widget')?.dataset.ready === 'true'",
             message="the geometry widget never became ready")
    wait_for(page, "() => window.onemapTestHook && window.onemapTestHook.idle === true", timeout=45,
             message="the widget's map never became idle")
    drawn = page.evaluate("""() => {
        const m = window.onemapTestHook.map;
        const features = m.queryRenderedFeatures();
        return {districts: features.filter(f => f.source === 'districts').length,
                drawn: features.filter(f => !['districts', 'districts--labels'].includes(f.source)).length,
                canvas: !!document.querySelector('.geometry-widget-map canvas.maplibregl-canvas')};
    }""")
    assert drawn["canvas"] and drawn["districts"] > 0 and drawn["drawn"] > 0, drawn
    shot(page, "admin-shelter-map")
    assert not external, external  # no web tiles, no CDN

    page.locator(".geometry-widget-map").scroll_into_view_if_needed()
    page.click("button[data-draw=point]")
    # A spot 120 px right of and 60 px above the current point, in page coordinates and lon/lat.
    x, y, lon, lat = page.evaluate("""() => {
        const m = window.onemapTestHook.map;
        const box = m.getCanvas().getBoundingClientRect();
        const c = m.project(m.getCenter());
        const spot = m.unproject([c.x + 120, c.y - 60]);
        return [box.left + c.x + 120, box.top + c.y - 60, spot.lng, spot.lat];
    }""")
    page.mouse.click(x, y)
    wait_for(page, "() => document.getElementById('id_geom').value.includes('Point')"
                   " && !document.getElementById('id_geom').value.includes('121.375')",
             message="placing the point did not write the hidden input")
    value = json.loads(page.evaluate("() => document.getElementById('id_geom').value"))
    assert value["type"] == "Point"
    assert value["coordinates"] == pytest.approx([lon, lat], abs=1e-4)
    shot(page, "admin-shelter-map-moved")
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    assert page.locator(".messagelist .success").count() == 1
    shelter.refresh_from_db()
    assert shelter.geom.srid == 4326
    assert shelter.geom.coords == pytest.approx(tuple(value["coordinates"]), abs=1e-9)


def test_every_module_link_is_on_screen_for_a_commander_on_a_laptop(make_page):
    """A commander has a dozen modules; at 1366 px they wrap onto a second row of the bar instead
    of hiding behind the clock or scrolling out of sight."""
    page = make_page(width=1366, height=768)
    account("chief", "commander")
    sign_in(page, page.base, "chief", "/desk/events/")
    links = page.evaluate("""() => {
        const right = document.querySelector('.desk-bar-right').getBoundingClientRect();
        return [...document.querySelectorAll('.desk-nav-link')].map(a => {
            const r = a.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return {text: a.textContent, right: r.right, width: window.innerWidth, own: a.contains(hit),
                    clearOfRight: r.right <= right.left || r.top >= right.bottom || r.bottom <= right.top};
        });
    }""")
    assert len(links) >= 10, links
    hidden = [link["text"] for link in links if not (link["own"] and link["right"] <= link["width"] and link["clearOfRight"])]
    assert hidden == [], f"module links hidden or covered: {hidden}"
    shot(page, "desk-nav-1366")
