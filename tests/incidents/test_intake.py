"""POST /api/events/ (the intake contract), duplicates, attaching a call to an existing event."""
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from geo_api.incidents.codes import next_event_code
from geo_api.incidents.models import Event, EventReport, UpwardReport
from geo_api.reference import event_types
from geo_api.timeline.models import TimelineEntry
from tests import factories

from .conftest import feature, post

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_intake_returns_a_feature_with_id_and_generated_code(as_role):
    street = factories.district()  # the factory's street covers the test area
    duty = as_role("duty_officer")
    answer = post(duty, "/api/events/", feature(lon=street.geom.centroid.x, lat=street.geom.centroid.y))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["type"] == "Feature" and isinstance(body["id"], int)
    today = timezone.localtime().strftime("%Y%m%d")
    assert body["properties"]["code"] == f"EV-{today}-0001"
    assert body["properties"]["status"] == "reported" and body["properties"]["type"] == "危险化学品泄漏"
    event = Event.objects.get(pk=body["id"])
    assert event.created_by == duty.user and event.district == street
    assert [r.kind for r in event.reports.all()] == ["call"]
    entry = TimelineEntry.objects.get(event_id=event.pk)
    assert entry.kind == "report" and entry.payload["intake"] is True
    # Ⅲ: first reports to the district within 60 min and to the city within 120 min of receipt.
    due = {r.recipient: r.due_at - event.reported_at for r in event.upward_reports.all()}
    assert due == {"district": timedelta(minutes=60), "city": timedelta(minutes=120)}
    second = post(duty, "/api/events/", feature(type="11B03", category="NATURAL", title="暴雨积水")).json()
    assert second["properties"]["code"] == f"EV-{today}-0002"
    assert second["properties"]["type"] == "暴雨" and second["properties"]["gb_code"] == "11B03"


def test_codes_continue_after_existing_ones_of_the_day():
    today = timezone.localtime().strftime("%Y%m%d")
    factories.event(1, code=f"EV-{today}-0041")
    assert next_event_code() == f"EV-{today}-0042"
    assert next_event_code() == f"EV-{today}-0043"


@pytest.mark.parametrize("change,field", [
    ({"geometry": {"type": "Point", "coordinates": [121.4]}}, "geometry"),
    ({"geometry": {"type": "LineString", "coordinates": [[121.4, 31.2], [121.41, 31.2]]}}, "geometry"),
    ({"geometry": {"type": "Point", "coordinates": [31.2, 121.4]}}, "geometry"),  # swapped: outside Shanghai
    ({"geometry": None}, "geometry"),
    ({"properties": {"type": "外星人入侵"}}, "type"),
    ({"properties": {"category": "NATURAL"}}, "type"),  # a leak is not a natural disaster
    ({"properties": {"reported_at": "2099-01-01T08:00:00+08:00"}}, "reported_at"),
    ({"properties": {"reported_at": "29/11/2026"}}, "reported_at"),
    ({"properties": {"severity": 7}}, "severity"),
    ({"properties": {"casualties": -1}}, "casualties"),
    ({"properties": {"source": "rumour"}}, "source"),
    ({"properties": {"crs": "EPSG:3857"}}, "crs"),
    ({"properties": {"colour": "red"}}, "colour"),
])
def test_bad_intake_is_a_400_naming_the_field(as_role, change, field):
    body = feature()
    if "properties" in change:
        body["properties"].update(change["properties"])
    else:
        body.update(change)
    answer = post(as_role("duty_officer"), "/api/events/", body)
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"], answer.json()
    assert field in answer.json()["detail"] or field == "colour"
    assert not Event.objects.exists()


def test_not_a_feature_is_a_400(as_role):
    assert post(as_role("duty_officer"), "/api/events/", [1, 2]).status_code == 400
    assert post(as_role("duty_officer"), "/api/events/", {"type": "Point"}).status_code == 400


def test_cgcs2000_coordinates_are_accepted_and_transformed(as_role):
    duty = as_role("duty_officer")
    geographic = post(duty, "/api/events/", feature(crs="EPSG:4490"))
    assert geographic.status_code == 201, geographic.json()
    lon, lat = geographic.json()["geometry"]["coordinates"]
    assert abs(lon - 121.3655) < 1e-5 and abs(lat - 31.1945) < 1e-5  # sub-metre at Changning
    # The same place surveyed in CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549).
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True).transform(121.3655, 31.1945)
    projected = feature(crs="EPSG:4549")
    projected["geometry"]["coordinates"] = [x, y]
    answer = post(duty, "/api/events/", projected)
    assert answer.status_code == 201, answer.json()
    lon, lat = answer.json()["geometry"]["coordinates"]
    assert abs(lon - 121.3655) < 1e-6 and abs(lat - 31.1945) < 1e-6
    legacy = feature()
    legacy["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
    assert post(duty, "/api/events/", legacy).status_code == 201


def test_duplicates_are_found_and_a_second_call_is_attached(as_role):
    duty = as_role("duty_officer")
    first = post(duty, "/api/events/", feature()).json()
    # 300 m away, same type, 20 minutes later: a duplicate; another type or 2 km away is not.
    near = {"type": "危险化学品泄漏", "lon": 121.3686, "lat": 31.1945,
            "at": (timezone.now()).isoformat()}
    found = duty.get("/api/events/duplicates/", near).json()
    assert [r["id"] for r in found["results"]] == [first["id"]]
    assert 250 < found["results"][0]["distance_m"] < 350 and found["radius_m"] == 500
    assert duty.get("/api/events/duplicates/", {**near, "type": "火灾"}).json()["results"] == []
    assert duty.get("/api/events/duplicates/", {**near, "lon": 121.3866}).json()["results"] == []
    later = (timezone.now() + timedelta(hours=3)).isoformat()
    assert duty.get("/api/events/duplicates/", {**near, "at": later}).status_code == 400  # future
    assert duty.get("/api/events/duplicates/", {**near, "type": "x"}).status_code == 400
    call = feature(lon=121.3686, reporter="路人王先生", phone="13800000000", description="闻到刺鼻气味")
    attached = post(duty, f"/api/events/{first['id']}/reports/", call)
    assert attached.status_code == 201, attached.json()
    assert Event.objects.count() == 1
    event = Event.objects.get()
    assert [r.reporter for r in event.reports.order_by("id")] == ["119指挥中心", "路人王先生"]
    kinds = list(TimelineEntry.objects.filter(event_id=event.pk).values_list("kind", "subject_type"))
    assert kinds == [("report", "incidents.event"), ("report", "incidents.eventreport")]
    # A drill call never joins a real event.
    drill_call = feature(is_drill=True)
    assert post(duty, f"/api/events/{first['id']}/reports/", drill_call).status_code == 400


def test_old_events_are_not_duplicates(as_role):
    factories.event(1, event_type="危险化学品泄漏", geom=Point(121.3655, 31.1945, srid=4326),
                    reported_at=timezone.now() - timedelta(hours=3))
    found = as_role("duty_officer").get("/api/events/duplicates/", {"type": "危险化学品泄漏", "lon": 121.3655,
                                                                    "lat": 31.1945})
    assert found.json()["results"] == []


def test_attachments_are_checked_stored_and_served_with_an_access_check(as_role, media_root):
    import json

    duty = as_role("duty_officer")
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    answer = duty.post("/api/events/", {"feature": json.dumps(feature()), "attachments": [photo]})
    assert answer.status_code == 201, answer.json()
    event = Event.objects.get(pk=answer.json()["id"])
    attachment = event.attachments.get()
    assert attachment.original_name == "现场.png" and attachment.content_type == "image/png"
    assert str(media_root) in attachment.file.path
    url = f"/api/events/{event.pk}/attachments/{attachment.pk}/"
    download = duty.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert as_role("external_agency").get(url).status_code == 404  # a Ⅲ event is outside its rows
    assert as_role("warehouse_staff").get(url).status_code == 200  # staff read the events layer
    from django.test import Client

    assert Client().get(url).status_code == 401
    # A script renamed .png is refused, whatever the client says its type is.
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    refused = duty.post("/api/events/", {"feature": json.dumps(feature()), "attachments": [fake]})
    assert refused.status_code == 400 and "attachments" in refused.json()["errors"]
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (4 * 1024 * 1024), content_type="image/png")
    too_big = duty.post("/api/events/", {"feature": json.dumps(feature()), "attachments": [big]})
    assert too_big.status_code in (400, 413)
    assert Event.objects.count() == 1


def test_concurrent_codes_are_unique(transactional_db):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, transaction

    def take(_):
        try:
            with transaction.atomic():
                return next_event_code()
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(take, range(24)))
    assert len(set(codes)) == 24


def test_the_code_list_cascade():
    cascade = {c["category"]: c for c in event_types.cascade()}
    assert set(cascade) == {"NATURAL", "ACCIDENT", "PUBLIC_HEALTH", "SOCIAL_SECURITY"}
    weather = next(g for g in cascade["NATURAL"]["groups"] if g["code"] == "NATURAL.METEOROLOGICAL")
    assert {t["name_zh"]: t["gb_code"] for t in weather["types"]}["大风"] == "11B06"
    assert event_types.ancestors("危险化学品泄漏") == ["危险化学品泄漏", "ACCIDENT.WORK_SAFETY", "ACCIDENT"]
    assert event_types.covers("ACCIDENT", "HAZCHEM_LEAK") and not event_types.covers("NATURAL", "危险化学品泄漏")
    assert event_types.key_of("11B03") == "暴雨"


def test_event_types_route(client):
    body = client.get("/api/event-types/").json()
    assert [c["category"] for c in body["categories"]] == ["NATURAL", "ACCIDENT", "PUBLIC_HEALTH", "SOCIAL_SECURITY"]


def test_upward_reports_are_not_drafted_twice(as_role):
    duty = as_role("duty_officer")
    event_id = post(duty, "/api/events/", feature(severity=4)).json()["id"]
    # Ⅳ: the district within 60 min, no deadline for the city.
    assert list(UpwardReport.objects.filter(event_id=event_id).values_list("recipient", flat=True)) == ["district"]
    again = post(duty, f"/api/events/{event_id}/upward-reports/", {"kind": "initial", "recipient": "district"})
    assert again.status_code == 409
    assert EventReport.objects.filter(event_id=event_id).count() == 1
