"""到场签到: the distance rule (PostGIS geography), the timeline entry, idempotent replays."""
import pytest
from django.test import override_settings

from geo_api.responders.models import CheckIn
from geo_api.timeline.models import TimelineEntry
from tests import factories

from .conftest import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return factories.event(1, status="responding", geom=factories.Point(121.40, 31.21, srid=4326))


def url(event):
    return f"/api/events/{event.pk}/check-ins/"


def test_within_the_radius_is_recorded_with_its_distance_and_on_the_timeline(field, event):
    client = field()
    # 0.003° of latitude ≈ 333 m
    answer = post(client, {"client_id": "ci-1", "lon": 121.40, "lat": 31.213, "accuracy_m": 12}, path=url(event))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["event"] == event.pk and body["responder"] == client.responder.pk
    assert body["distance_m"] == pytest.approx(332.7, abs=1.5) and body["checked_in_at"].endswith("+08:00")
    entry = TimelineEntry.objects.get(event_id=event.pk, kind="check_in")
    assert entry.actor == client.user and entry.payload["check_in"] == body["id"]


def test_farther_than_the_radius_is_a_409_naming_distance_and_limit(field, event):
    answer = post(field(), {"lon": 121.40, "lat": 31.2160}, path=url(event))  # ~665 m
    assert answer.status_code == 409
    body = answer.json()
    assert body["limit_m"] == 500 and body["distance_m"] == pytest.approx(665.4, abs=2)
    assert "665" in body["detail"] and "500" in body["detail"]
    assert not CheckIn.objects.exists()


@override_settings(ONEMAP_CHECKIN_RADIUS_M=1000)
def test_the_radius_is_a_setting(field, event):
    assert post(field(), {"lon": 121.40, "lat": 31.2160}, path=url(event)).status_code == 201


def test_a_replay_answers_the_first_check_in_and_a_refused_one_may_be_retried(field, event):
    client = field()
    far = post(client, {"client_id": "ci-9", "lon": 121.40, "lat": 31.2200}, path=url(event))
    assert far.status_code == 409
    first = post(client, {"client_id": "ci-9", "lon": 121.40, "lat": 31.2101}, path=url(event))
    again = post(client, {"client_id": "ci-9", "lon": 121.40, "lat": 31.2102}, path=url(event))
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    header = post(client, {"lon": 121.40, "lat": 31.2101}, path=url(event), HTTP_IDEMPOTENCY_KEY="ci-h")
    header_again = post(client, {"lon": 121.40, "lat": 31.2101}, path=url(event), HTTP_IDEMPOTENCY_KEY="ci-h")
    assert header.json() == header_again.json()
    assert CheckIn.objects.count() == 2
    assert TimelineEntry.objects.filter(event_id=event.pk, kind="check_in").count() == 2


def test_a_closed_event_or_bad_coordinates_are_refused_with_a_message(field, event):
    client = field()
    bad = post(client, {"lon": "x", "lat": 31.21}, path=url(event))
    assert bad.status_code == 400 and bad.json()["detail"]
    assert post(client, {"lon": 121.4, "lat": 31.21, "photo": 1}, path=url(event)).status_code == 400
    type(event).objects.filter(pk=event.pk).update(status="closed")  # the workflow is not under test here
    closed = post(client, {"lon": 121.40, "lat": 31.21}, path=url(event))
    assert closed.status_code == 409 and closed.json()["detail"]
    assert post(client, {"lon": 121.40, "lat": 31.21}, path="/api/events/999999/check-ins/").status_code == 404
