"""Counters, search and the command map's nearest lists, computed by PostGIS."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def test_stats_count_what_is_live(client, commander):
    now = timezone.now()
    factories.warning(1, onset=now - timedelta(hours=1), expires=now + timedelta(hours=5), level=1)
    factories.warning(2, onset=now - timedelta(hours=9), expires=now - timedelta(hours=1))
    factories.warning(3, onset=now - timedelta(hours=1), expires=now + timedelta(hours=5), msg_type="Cancel")
    factories.shelter(1, capacity=1000)
    factories.shelter(2, capacity=500, designation_status="revoked")
    factories.event(1)
    factories.event(2, status="closed")
    factories.event(3, is_drill=True)
    factories.responder(1, on_duty=True)
    factories.responder(2, on_duty=False)
    anonymous = client.get("/api/stats/").json()
    assert anonymous["active_warnings"] == 1 and anonymous["shelter_capacity"] == 1000
    assert anonymous["open_events"] is None and anonymous["responders_on_duty"] is None
    assert anonymous["warnings"][0]["level_colour"] == "red"
    client.force_login(commander)
    stats = client.get("/api/stats/").json()
    assert stats["open_events"] == 1 and stats["responders_on_duty"] == 1


def test_search_across_readable_layers(client, staff_user):
    factories.shelter(1, name="中山公园避难场所")
    factories.event(1, title="中山公园附近火情")
    factories.responder(1)
    anonymous = client.get("/api/search/", {"q": "中山公园"}).json()["results"]
    assert [r["layer"] for r in anonymous] == ["shelters"]
    client.force_login(staff_user)
    results = client.get("/api/search/", {"q": "中山公园"}).json()["results"]
    assert {r["layer"] for r in results} == {"shelters", "events"}
    assert all(-180 <= r["lon"] <= 180 for r in results)
    assert client.get("/api/search/", {"q": "%"}).json()["results"] == []
    assert client.get("/api/search/", {"q": ""}).status_code == 400


def test_nearby_sorted_by_distance_in_metres(client, staff_user, commander):
    event = factories.event(1, geom=factories.Point(121.40, 31.21, srid=4326))
    near = factories.shelter(1, x=121.401, y=31.21)   # about 95 m east
    far = factories.shelter(2, x=121.42, y=31.21)     # about 1.9 km east
    factories.shelter(3, x=121.50, y=31.21)           # about 9.5 km: outside 3 km
    factories.camera(1, geom=factories.Point(121.4005, 31.2101, srid=4326))
    client.force_login(staff_user)
    body = client.get(f"/api/events/{event.id}/nearby/").json()
    assert body["rings"] == [500, 1000, 3000]
    shelters = body["nearby"]["shelters"]
    assert [s["id"] for s in shelters] == [near.id, far.id]
    assert shelters[0]["distance_m"] == pytest.approx(95.3, abs=1.5)
    assert shelters[1]["distance_m"] == pytest.approx(1906, abs=15)
    assert len(body["nearby"]["cameras"]) == 1
    assert set(body["nearby"]) == {"resources", "shelters", "warehouses", "cameras", "enterprises", "hazards"}
    assert client.get(f"/api/events/{event.id}/nearby/?radius=abc").status_code == 400
    assert client.get("/api/events/999999/nearby/").status_code == 404
    client.logout()
    assert client.get(f"/api/events/{event.id}/nearby/").status_code == 401
