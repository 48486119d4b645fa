"""A duty officer files a report through the intake form (/duty/intake/) with a map click; the new
event reaches the open map wall over the live socket and is drawn there. Screenshots of both."""
import json
import time

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def duty_officer(transactional_db):
    from django.contrib.auth.models import Group, User

    street = factories.district()
    user = User.objects.create_user("duty_officer", password=PASSWORD)
    user.groups.add(Group.objects.get(name="duty_officer"))
    # Inside the street, so the wall (fitted to the streets) shows the new event in its centre.
    user.where = (round(street.geom.centroid.x + 0.002, 6), round(street.geom.centroid.y + 0.001, 6))
    return user


def intake_pixel(page, lon, lat):
    x, y = page.js("([lon, lat]) => { const p = window.onemapTestHook.map.project([lon, lat]); return [p.x, p.y]; }",
                   [lon, lat])
    box = page.page.locator("#intake-map").bounding_box()
    return box["x"] + x, box["y"] + y


def test_a_report_filed_through_the_intake_form_appears_on_the_wall_live(make_page, duty_officer):
    from geo_api.incidents.models import Event

    wall = make_page().login("duty_officer", next_path="/")
    wall.wait_idle()
    wall.wait("window.onemapTestHook.live && window.onemapTestHook.live.mode === 'socket'",
              message="the wall never opened its WebSocket")
    wall.settle()

    desk = make_page(width=1600, height=1000)
    desk.page.bring_to_front()  # the officer's window has the focus, the wall runs beside it
    desk.login("duty_officer", next_path="/duty/intake/")
    assert desk.page.url.endswith("/duty/intake/")
    desk.wait("document.querySelector('#intake-map')?.dataset.ready === 'true'", message="the intake map never loaded")
    desk.wait_idle()
    # Keyboard first: the category has the focus when the page opens.
    assert desk.js("document.activeElement && (document.activeElement.id || document.activeElement.tagName)") == "id_category"
    desk.page.select_option("#id_category", "ACCIDENT")
    desk.page.wait_for_selector("#id_type option[value='危险化学品泄漏']", state="attached")
    desk.page.select_option("#id_type", "危险化学品泄漏")
    desk.page.check("input[name=severity][value='3']")
    desk.page.fill("input[name=title]", "浏览器接报危化品泄漏")
    desk.page.fill("textarea[name=description]", "槽罐车阀门泄漏，现场有刺激性气味")
    desk.page.select_option("select[name=source]", "fire_119")
    desk.page.fill("input[name=reporter]", "119指挥中心")
    where = duty_officer.where
    desk.page.mouse.click(*intake_pixel(desk, *where))
    desk.wait("document.querySelector('#intake-map').dataset.located === 'true'", message="the click set no location")
    lon = float(desk.page.input_value("#id_lon"))
    lat = float(desk.page.input_value("#id_lat"))
    assert abs(lon - where[0]) < 0.001 and abs(lat - where[1]) < 0.001
    desk.page.wait_for_selector("[data-state='no-duplicates']")
    desk.shot("intake-form")
    before = time.monotonic()
    desk.page.click("[data-testid=intake-submit]")
    desk.page.wait_for_selector("[data-state='saved']")
    event = Event.objects.get(title="浏览器接报危化品泄漏")
    assert event.code in desk.page.inner_text("[data-state='saved']")
    assert abs(event.geom.x - lon) < 1e-6 and event.severity == 3 and event.status == "reported"
    assert event.district_id is not None  # placed in its street from the click

    deadline = time.monotonic() + 15
    frame = None
    while frame is None and time.monotonic() < deadline:
        for at, text in list(wall.frames):
            body = json.loads(text)
            if at > before and any(c.get("layer") == "events" and c.get("id") == event.pk
                                   for c in body.get("changes", [])):
                frame = body
        wall.wait_for_timeout(50)
    assert frame is not None, f"no live frame for the new event: {wall.frames[-5:]}"
    wall.wait("(title) => window.onemapTestHook.map.queryRenderedFeatures()"
              ".some(f => f.source === 'events' && f.properties.title === title)", "浏览器接报危化品泄漏",
              message="the new event was never drawn on the wall")
    wall.shot("intake-on-the-wall")
    # The new event page opens from the confirmation.
    desk.page.click("[data-testid=saved-link]")
    desk.page.wait_for_selector("[data-status='reported']")
    assert "upward-table" in desk.page.content()
    desk.shot("intake-event-page")
    assert desk.errors == [] and wall.errors == []
