"""Opening shelters in an event: arrivals up to the capacity, a full shelter says so (409),
departures, closing, and the command view's GET /api/events/{id}/shelters/."""
import pytest

from geo_api.shelters.models import Finding, Inspection, ShelterMovement, ShelterOpening
from tests import factories

from .conftest import post

pytestmark = pytest.mark.django_db


def test_arrivals_up_to_full_then_409_departures_and_close(as_role, event):
    shelter = factories.shelter(1, area_m2=20, shelter_type="fixed_short")  # capacity 10
    duty = as_role("duty_officer")
    opened = post(duty, f"/api/events/{event.pk}/shelters/", {"shelter": shelter.pk})
    assert opened.status_code == 201, opened.json()
    opening = opened.json()
    assert (opening["capacity"], opening["occupants"], opening["remaining"], opening["full"]) == (10, 0, 10, False)
    moves = f"/api/events/{event.pk}/shelters/{opening['id']}/movements/"
    first = post(duty, moves, {"kind": "arrival", "count": 6, "names": "张三\n李四"})
    assert first.status_code == 201 and first.json()["opening"]["remaining"] == 4
    too_many = post(duty, moves, {"kind": "arrival", "count": 5})
    assert too_many.status_code == 409
    assert too_many.json()["remaining"] == 4 and "已满" in too_many.json()["detail"]
    filled = post(duty, moves, {"kind": "arrival", "count": 4}).json()["opening"]
    assert (filled["occupants"], filled["remaining"], filled["full"]) == (10, 0, True)
    full = post(duty, moves, {"kind": "arrival", "count": 1})
    assert full.status_code == 409 and full.json()["full"] is True
    assert post(duty, moves, {"kind": "departure", "count": 11}).status_code == 409
    assert post(duty, moves, {"kind": "departure", "count": 3}).json()["opening"]["occupants"] == 7
    assert post(duty, f"/api/events/{event.pk}/shelters/{opening['id']}/close/").status_code == 409  # people inside
    post(duty, moves, {"kind": "departure", "count": 7})
    closed = post(duty, f"/api/events/{event.pk}/shelters/{opening['id']}/close/")
    assert closed.status_code == 200 and closed.json()["open"] is False
    assert list(ShelterMovement.objects.values_list("occupants_after", flat=True)) == [6, 10, 7, 0]
    listed = as_role("commander").get(f"/api/events/{event.pk}/shelters/").json()["shelters"]
    assert [(s["shelter"]["id"], s["open"]) for s in listed] == [(shelter.pk, False)]
    assert post(duty, moves, {"kind": "arrival", "count": 1}).status_code == 409  # closed


def test_an_unavailable_shelter_cannot_be_opened_and_one_is_opened_once(as_role, event):
    commander = as_role("commander")
    revoked = factories.shelter(2, designation_status="revoked")
    refused = post(commander, f"/api/events/{event.pk}/shelters/", {"shelter": revoked.pk})
    assert refused.status_code == 409 and refused.json()["reasons"]
    vetoed = factories.shelter(3)
    inspection = Inspection.objects.create(shelter=vetoed, due_on="2026-11-01")
    Finding.objects.create(inspection=inspection, shelter=vetoed, description="出入口封堵", severity="veto")
    assert post(commander, f"/api/events/{event.pk}/shelters/", {"shelter": vetoed.pk}).status_code == 409
    fine = factories.shelter(4)
    assert post(commander, f"/api/events/{event.pk}/shelters/", {"shelter": fine.pk}).status_code == 201
    twice = post(commander, f"/api/events/{event.pk}/shelters/", {"shelter": fine.pk})
    assert twice.status_code == 409 and twice.json()["opening"]
    assert ShelterOpening.objects.count() == 1


def test_who_may_open_and_bad_input(as_role, event):
    shelter = factories.shelter(5)
    assert post(as_role("field_responder"), f"/api/events/{event.pk}/shelters/", {"shelter": shelter.pk}).status_code == 403
    duty = as_role("duty_officer")
    assert post(duty, f"/api/events/{event.pk}/shelters/", {"shelter": "five"}).status_code == 400
    assert post(duty, f"/api/events/{event.pk}/shelters/", {"shelter": 999999}).status_code == 404
    opening = post(duty, f"/api/events/{event.pk}/shelters/", {"shelter": shelter.pk}).json()
    moves = f"/api/events/{event.pk}/shelters/{opening['id']}/movements/"
    for body in ({"kind": "arrival", "count": 0}, {"kind": "arrival", "count": "many"}, {"kind": "visit", "count": 1}):
        assert post(duty, moves, body).status_code == 400, body
    other = factories.event(8)
    assert post(duty, f"/api/events/{other.pk}/shelters/{opening['id']}/movements/",
                {"kind": "arrival", "count": 1}).status_code == 404


def test_openings_are_on_the_events_live_topic(event):
    from geo_api.live.changes import entity_topics

    shelter = factories.shelter(6)
    opening = ShelterOpening.objects.create(shelter=shelter, event=event, opened_at=event.reported_at, capacity=10)
    assert entity_topics("onemap_shelter_opening", [opening.pk]) == {opening.pk: {f"event.{event.pk}"}}
