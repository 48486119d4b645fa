"""Each JSON adapter against its simulator (issue #13): happy path; the same message three times →
one record; a batch with a malformed item → that item dead-lettered with a readable error, the
rest applied; replay after a fix."""
import json

import pytest

from etl.feeds.models import FeedMessage
from geo_api.duty.models import Shift, ShiftMember
from geo_api.incidents.models import Event, EventReport
from geo_api.reference.models import Camera
from geo_api.resources.models import StockItem, StockMovement, Warehouse
from geo_api.timeline.models import TimelineEntry

from .conftest import simulated

pytestmark = pytest.mark.django_db


def _count(feed):
    """The rows a feed's items become, counted in their own tables."""
    return {
        "cameras": lambda: Camera.objects.count(),
        "warehouse-sites": lambda: Warehouse.objects.count(),
        "warehouse-stock": lambda: StockItem.objects.exclude(quantity=0).count(),
        "alarms": lambda: Event.objects.count(),
        "duty-info": lambda: Shift.objects.count(),
    }[feed]()


def _items(feed):
    return json.loads(simulated(feed))["items"]


# A way to break one item of each feed, the field its error must name, and how to fix it back.
BREAK = {
    "cameras": ("lon", 200.0),
    "warehouse-sites": ("level", "省级"),
    "warehouse-stock": ("quantity", "很多"),
    "alarms": ("type", "不存在的类型"),
    "duty-info": ("ends_at", "明天早上"),
}
FEEDS = list(BREAK)


@pytest.fixture
def sites(push, streets):
    """Stock lines need their warehouses: the sites feed first."""
    assert push("warehouse-sites", simulated("warehouse-sites")).status_code == 202


def _prepare(feed, request):
    if feed == "warehouse-stock":
        request.getfixturevalue("sites")


@pytest.mark.parametrize("feed", FEEDS)
def test_happy_path_and_three_times_is_one_record(feed, push, streets, request):
    _prepare(feed, request)
    body = simulated(feed)
    items = json.loads(body)["items"]
    assert items, f"the {feed} simulator serves nothing now"
    before = _count(feed)
    answers = [push(feed, body) for _ in range(3)]
    assert [a.status_code for a in answers] == [202, 200, 200], answers[0].json()
    assert len({a.json()["id"] for a in answers}) == 1
    first = answers[0].json()
    assert first["state"] == "applied" and [i["state"] for i in first["items"]] == ["applied"] * len(items)
    assert _count(feed) - before == len(items)
    # The same items in a new envelope (another payload around them): duplicates, no new rows.
    again = push(feed, json.dumps({"source": "again", "items": items}, ensure_ascii=False))
    assert again.status_code == 202
    assert [i["state"] for i in again.json()["items"]] == ["duplicate"] * len(items)
    assert _count(feed) - before == len(items)


@pytest.mark.parametrize("feed", FEEDS)
def test_bad_item_is_dead_lettered_the_rest_applied_then_replayed(feed, push, streets, request, as_role):
    _prepare(feed, request)
    items = _items(feed)
    field, bad_value = BREAK[feed]
    broken = [dict(item) for item in items]
    good_value = broken[0][field]
    broken[0][field] = bad_value
    before = _count(feed)
    response = push(feed, json.dumps({"items": broken}, ensure_ascii=False))
    assert response.status_code == 202, response.json()
    states = [i["state"] for i in response.json()["items"]]
    assert states == ["dead"] + ["applied"] * (len(items) - 1)
    dead = response.json()["items"][0]
    assert field in dead["error"] or "type" in dead["error"], dead["error"]
    if feed != "alarms":  # the intake's own messages are in the request's language
        assert " / " in dead["error"]  # Chinese and English
    assert _count(feed) - before == len(items) - 1
    envelope = FeedMessage.objects.get(pk=response.json()["id"])
    assert envelope.state == "applied" and "1" in envelope.error
    # The duty officer fixes the item's payload and replays it.
    officer = as_role("duty_officer")
    message = officer.get(f"/api/feeds/messages/{dead['id']}/").json()
    fixed = json.loads(message["raw"])
    fixed[field] = good_value
    answer = officer.post(f"/api/feeds/messages/{dead['id']}/replay/", {"raw": json.dumps(fixed, ensure_ascii=False)},
                          content_type="application/json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["state"] == "applied"
    assert _count(feed) - before == len(items)
    envelope.refresh_from_db()
    assert envelope.error == ""


def test_malformed_payload_is_a_dead_letter_with_the_reason(push, streets):
    response = push("cameras", b'{"items": [')
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    message = FeedMessage.objects.get()
    assert message.state == "dead" and message.raw == '{"items": ['
    assert push("cameras", b'{"cameras": []}').status_code == 400


def test_alarm_becomes_a_reported_event_through_intake_once(push, streets):
    items = _items("alarms")
    push("alarms", json.dumps({"items": items[:1]}, ensure_ascii=False))
    event = Event.objects.get()
    assert event.status == "reported" and event.source == "city_bureau" and event.code.startswith("EV-")
    assert items[0]["id"] in event.description
    assert TimelineEntry.objects.filter(event_id=event.pk).exists()
    assert event.created_by.username == "feed-alarms"
    # The bureau sends the same alarm with news: a follow-up on the same event, not a second event.
    changed = dict(items[0], description="现场已清理，匝道恢复通行。", casualties=1)
    response = push("alarms", json.dumps({"items": [changed]}, ensure_ascii=False))
    assert response.json()["items"][0]["state"] == "applied"
    assert Event.objects.count() == 1
    assert EventReport.objects.filter(event=event, kind="follow_up", text__contains="恢复通行").exists()


def test_stock_is_brought_to_the_reported_level_through_the_ledger(push, sites):
    items = _items("warehouse-stock")
    push("warehouse-stock", json.dumps({"items": items[:1]}))
    line = StockItem.objects.get(warehouse__code=items[0]["warehouse_code"], material_code=items[0]["material_code"])
    assert float(line.quantity) == items[0]["quantity"]
    movement = StockMovement.objects.get()
    assert movement.kind == "adjust" and movement.actor.username == "feed-warehouse-stock"
    lower = dict(items[0], quantity=items[0]["quantity"] - 7)
    push("warehouse-stock", json.dumps({"items": [lower]}))
    line.refresh_from_db()
    assert float(line.quantity) == items[0]["quantity"] - 7
    assert [float(m.delta) for m in StockMovement.objects.order_by("id")] == [items[0]["quantity"], -7]


def test_unknown_warehouse_is_a_readable_dead_letter(push, streets):
    response = push("warehouse-stock", json.dumps({"items": [
        {"warehouse_code": "NOPE", "material_code": "1010101", "quantity": 3, "counted_at": "2026-11-29T08:00:00+08:00"}]}))
    assert response.status_code == 400
    assert "NOPE" in response.json()["detail"] and "warehouse sites" in response.json()["detail"]


def test_duty_info_fills_the_centres_roster(push, streets):
    items = _items("duty-info")
    push("duty-info", json.dumps({"items": items}, ensure_ascii=False))
    shift = Shift.objects.get(roster__template__name="区城运中心值班", date=items[0]["date"], slot=0)
    leader = ShiftMember.objects.get(shift=shift, role="leader")
    assert leader.person.name == items[0]["leader"]["name"]
    assert sorted(m.person.name for m in ShiftMember.objects.filter(shift=shift, role="officer")) == \
        sorted(o["name"] for o in items[0]["officers"])
    # A changed leader for the same shift id moves the member, never a second shift.
    changed = dict(items[0], leader={"name": "新值班长", "phone": "13800000000"})
    push("duty-info", json.dumps({"items": [changed]}, ensure_ascii=False))
    assert Shift.objects.filter(roster__template__name="区城运中心值班").count() == len(items)
    assert ShiftMember.objects.get(shift=shift, role="leader").person.name == "新值班长"


def test_camera_fields_and_street(push, streets):
    items = _items("cameras")
    push("cameras", json.dumps({"items": items}, ensure_ascii=False))
    camera = Camera.objects.get(code=items[0]["code"])
    assert (camera.geom.x, camera.geom.y) == (items[0]["lon"], items[0]["lat"])
    assert camera.heading == items[0]["heading"] and camera.field_of_view == items[0]["field_of_view"]
    assert camera.stream_url == items[0]["stream_url"] and camera.source == "区城运中心"
