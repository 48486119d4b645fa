"""Cameras that see the event: covering cameras first (nearest first), then cameras without a
heading by distance, then those facing away or out of range; reasons in Chinese; the video link's
kind from its URL; only cameras inside the radius."""
import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings

from geo_api.command.cameras import angle_between, stream_kind
from tests import factories

pytestmark = pytest.mark.django_db

# At 31.2° N one degree of longitude is about 95.2 km, one of latitude about 110.9 km.
M_LON = 1 / 95_200
M_LAT = 1 / 110_900


def at(event, east_m=0.0, north_m=0.0):
    return Point(event.geom.x + east_m * M_LON, event.geom.y + north_m * M_LAT, srid=4326)


def test_a_camera_facing_the_event_comes_before_a_nearer_one_facing_away(as_role):
    event = factories.event(1)
    facing = factories.camera(1, name="西侧朝东", heading=90, field_of_view=60, geom=at(event, east_m=-150),
                              stream_url="/streams/cam1/index.m3u8")
    away = factories.camera(2, name="东侧朝东", heading=90, field_of_view=60, geom=at(event, east_m=50),
                            stream_url="rtsp://10.0.0.2/live")
    unknown = factories.camera(3, name="无朝向", heading=None, field_of_view=None, geom=at(event, north_m=80))
    far = factories.camera(4, name="远处朝东", heading=90, field_of_view=60, geom=at(event, east_m=-600))
    factories.camera(5, name="范围外", heading=0, field_of_view=90, geom=at(event, north_m=-1500))

    response = as_role("commander").get(f"/api/events/{event.pk}/cameras/")
    assert response.status_code == 200, response.content
    cameras = response.json()["cameras"]
    assert [c["id"] for c in cameras] == [facing.pk, unknown.pk, away.pk, far.pk]
    first, second, third, fourth = cameras
    assert first["covers"] is True and first["reason"] == "朝向事件，距离 150 米"
    assert 145 < first["distance_m"] < 155 and abs(first["bearing"] - 90) < 1
    assert first["stream_kind"] == "hls" and first["stream_url"] == "/streams/cam1/index.m3u8"
    assert second["covers"] is False and second["reason"].startswith("未记录朝向，按距离")
    assert second["stream_kind"] == "none" and second["stream_url"] is None
    assert third["covers"] is False and third["reason"].startswith("背向事件") and third["stream_kind"] == "link"
    assert fourth["covers"] is False and "超出可视距离" in fourth["reason"]

    # A longer range setting makes the far camera cover the event; a smaller radius drops it.
    with override_settings(ONEMAP_CAMERA_RANGE_M=1000):
        cameras = as_role("commander").get(f"/api/events/{event.pk}/cameras/").json()["cameras"]
    assert [c["id"] for c in cameras if c["covers"]] == [facing.pk, far.pk]
    cameras = as_role("commander").get(f"/api/events/{event.pk}/cameras/?radius=500").json()["cameras"]
    assert far.pk not in {c["id"] for c in cameras}
    assert as_role("commander").get(f"/api/events/{event.pk}/cameras/?radius=99999").status_code == 400


def test_bearings_wrap_around_north_and_links_are_classified():
    assert angle_between(350, 10) == 20 and angle_between(10, 350) == 20 and angle_between(0, 180) == 180
    assert stream_kind("http://h/live/cam.M3U8?token=1") == "hls"
    assert stream_kind("https://h/player?id=3") == "link" and stream_kind("") == "none"


def test_a_camera_facing_north_sees_an_event_across_north(as_role):
    """Heading 350° ± 20°; the event lies at a bearing of about 354° from the camera."""
    event = factories.event(1)
    camera = factories.camera(1, heading=350, field_of_view=40, geom=at(event, east_m=10, north_m=-100))
    cameras = as_role("duty_officer").get(f"/api/events/{event.pk}/cameras/").json()["cameras"]
    assert cameras[0]["id"] == camera.pk and cameras[0]["covers"] is True
