"""The responders' phone app /m/ in Chromium at 390×844 with the position set by the test: sign in
with next=/m/, my day, accept a task, check in on arrival (distance shown), share the location,
and a report with a photo written while offline — queued ("待发送 1 条"), sent when the network
returns, stored exactly once with the photo made smaller on the phone, and shown on the command
view. Screenshots tests/artifacts/phone-*.png; any page error or console error fails the test
(see watch_console for the two the browser itself logs)."""
import time
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

from geo_api.incidents.models import Attachment, EventReport
from geo_api.responders.models import CheckIn, PositionReport, Responder
from geo_api.tasks.models import Task
from tests import factories
from tests.phone.conftest import post, todays_shift
from tests.plans import world as plans_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFLINE_NOISE = ("net::ERR_INTERNET_DISCONNECTED", "net::ERR_NAME_NOT_RESOLVED", "net::ERR_NETWORK_CHANGED")


@pytest.fixture
def scene(transactional_db, tmp_path):
    from geo_api.duty.models import DutyPerson

    made = plans_world.world()
    people = made["people"]
    admin = Client()
    admin.force_login(people["admin"])
    doc = plans_world.plan_document(responses=[{"response_level": 3, "severities": [3], "condition": "较大危险化学品事故",
                                                "actions": [plans_world.action(1, "现场警戒并报告泄漏范围", 30, people=["responder"])]}])
    plan = post(admin, "/api/plans/import/", doc).json()
    centre = made["street"].geom.centroid
    event = factories.event(1, status="verified", category="ACCIDENT", event_type="危险化学品泄漏", severity=3,
                            title="虹桥街道危化品泄漏", district=made["street"], geom=centre)
    duty = Client()
    duty.force_login(people["duty"])
    assert post(duty, f"/api/plans/{plan['id']}/activations/",
                {"event": event.pk, "response_level": 3, "reason": "现场确认泄漏"}).status_code == 201
    responder = Responder.objects.create(name="现场队员甲", organization="区应急管理局", on_duty=True, user=people["responder"])
    todays_shift((DutyPerson.objects.create(name="带班领导", phone="13800000001", username="commander"), "leader"),
                 (DutyPerson.objects.create(name="现场队员甲", phone="13800000002", username="responder"), "officer"))
    from django.contrib.gis.geos import Point

    factories.shelter(1, name="虹桥公园避难场所", x=centre.x + 0.002, y=centre.y)
    factories.warehouse(1, name="虹桥街道物资仓库", geom=Point(centre.x - 0.003, centre.y, srid=4326))
    photo = tmp_path / "scene.jpg"
    Image.new("RGB", (2400, 1800), (200, 90, 40)).save(photo, "JPEG", quality=95)
    return {"event": event, "task": Task.objects.get(event=event), "responder": responder, "photo": photo,
            "at": (centre.x, centre.y + 0.0009)}  # about 100 m north of the event


def watch_console(page):
    """Console errors as (text, source URL). Left out: the browser's log of requests refused while
    the test has the network off, and /favicon.ico, which Chromium asks for on the shared sign-in
    page (it names no icon; the phone page does)."""
    errors = []

    def seen(message):
        source = (message.location or {}).get("url", "")
        if message.type != "error" or source.endswith("/favicon.ico") or any(n in message.text for n in OFFLINE_NOISE):
            return
        errors.append((message.text, source))

    page.page.on("console", seen)
    return errors


def until(check, timeout=30.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def test_a_responder_works_an_event_from_the_phone(make_page, scene, served):
    event, task = scene["event"], scene["task"]
    page = make_page(width=390, height=844)
    page.allow_console(r"ERR_INTERNET_DISCONNECTED")  # the test switches the network off
    context = page.page.context
    context.grant_permissions(["geolocation"])
    lon, lat = scene["at"]
    context.set_geolocation({"longitude": lon, "latitude": lat, "accuracy": 8})
    ui = page.page
    console_errors = watch_console(page)

    page.login("responder", next_path="/m/")
    assert ui.url.endswith("/m/")
    page.wait("!!(window.onemapTestHook && window.onemapTestHook.todayLoadedAt)")
    ui.locator(".phone-card").first.wait_for()
    assert "全天班" in ui.locator("#phone-view").inner_text()
    assert ui.locator(".phone-tab-label").all_inner_texts() == ["今日", "任务", "上报", "附近", "执法检查"]
    page.shot("phone-today")

    # Accept the task
    ui.click("a.phone-tab[data-route=tasks]")
    ui.locator(f"li.phone-task[data-id='{task.pk}'] button[data-to=accepted]").click()
    until(lambda: Task.objects.get(pk=task.pk).status == "accepted", message="the task to be accepted")
    ui.locator(f"li.phone-task[data-id='{task.pk}'][data-status=accepted]").wait_for()
    page.shot("phone-task-accepted")

    # Check in on arrival: the server measures the distance
    ui.click("a.phone-tab[data-route=report]")
    ui.locator(".phone-position[data-state=ok]").wait_for()
    ui.click("#phone-check-in")
    ui.locator("#phone-check-in-outcome.is-ok").wait_for()
    check_in = CheckIn.objects.get(event=event)
    assert 80 < check_in.distance_m < 120
    assert f"{round(check_in.distance_m)} 米" in ui.locator("#phone-check-in-outcome").inner_text()
    page.shot("phone-check-in")

    # A report with a photo, written with the network off
    context.set_offline(True)
    text = "泄漏点已用沙袋围堵，下风向200米内无人员"
    ui.fill("#phone-report-text", text)
    ui.set_input_files("#phone-photos", str(scene["photo"]))
    ui.click("#phone-report-send")
    ui.locator("#phone-report-outcome.is-queued").wait_for()
    pending = ui.locator("button.phone-pending")
    pending.wait_for()
    assert pending.inner_text() == "待发送 1 条"
    pending.click()
    assert "现场上报" in ui.locator(".phone-pending-list").inner_text()
    page.shot("phone-offline-queued")
    assert EventReport.objects.filter(event=event, text=text).count() == 0

    context.set_offline(False)
    report = until(lambda: EventReport.objects.filter(event=event, text=text).first(), message="the queued report")
    until(lambda: ui.locator("button.phone-pending").is_hidden(), message="the outbox to empty")
    page.js("window.onemapTestHook.phone.outbox.flush().then(() => true)")  # nothing left to send again
    time.sleep(1.0)
    assert EventReport.objects.filter(event=event, text=text).count() == 1
    [attachment] = Attachment.objects.filter(report=report)
    assert attachment.content_type == "image/jpeg"
    with Image.open(Path(served.var_dir) / "media" / attachment.file.name) as stored:  # the server's media
        assert max(stored.size) == 1600 and stored.size == (1600, 1200)  # made smaller on the phone
    assert report.geom is not None and abs(report.geom.x - lon) < 1e-6
    page.shot("phone-report-sent")

    # Share my location: the indicator, samples arriving, and stop
    ui.click("a.phone-tab[data-route=today]")
    ui.click("button[data-action=share]")
    ui.locator(".phone-sharing:not([hidden])").wait_for()
    assert "正在共享位置" in ui.locator(".phone-sharing").inner_text()
    until(lambda: PositionReport.objects.filter(responder=scene["responder"]).exists(), message="a position sample")
    page.shot("phone-sharing")
    ui.click(".phone-sharing-stop")
    ui.locator(".phone-sharing").wait_for(state="hidden")

    # Near me: our own layers on a small map, and the lists by distance
    ui.click("a.phone-tab[data-route=nearby]")
    ui.locator(".phone-list[data-layer=shelters] li").first.wait_for()
    assert "虹桥公园避难场所" in ui.locator(".phone-list[data-layer=shelters]").inner_text()
    assert "帐篷 100顶" in ui.locator(".phone-list[data-layer=warehouses]").inner_text()
    page.wait_idle()
    assert page.rendered("shelters"), "the shelter is drawn on the phone's map"
    page.shot("phone-nearby")

    assert page.errors == [] and console_errors == []

    # The command view shows the report, once (its board lists it once; the page shows its text)
    desk = make_page(width=1600, height=1000).login("commander", next_path=f"/command/{event.pk}/")
    try:
        desk.page.get_by_text(text).first.wait_for(timeout=30000)
    finally:
        desk.shot("phone-report-on-command-view")
    board = desk.js(f"fetch('/api/events/{event.pk}/board/', {{headers: {{Accept: 'application/json'}}}}).then(r => r.json())")
    assert [r["id"] for r in board["reports"] if r["text"] == text] == [report.pk]
