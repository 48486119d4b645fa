"""Entering command mode: a session (commander, time), the event moved to responding by its
declared transitions (each on the timeline), entering twice returns the open session; who may."""
import pytest

from geo_api.command.models import CommandSession
from geo_api.incidents.models import Event
from geo_api.timeline.models import TimelineEntry

from .conftest import make_scene, post

pytestmark = pytest.mark.django_db


def enter(scene, who):
    client = scene["anonymous"] if who == "anonymous" else scene["clients"][who]
    return post(client, f"/api/events/{scene['event'].pk}/command/")


def test_a_commander_takes_a_reported_event_into_command_through_each_transition():
    scene = make_scene(status="reported")
    response = enter(scene, "commander")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["url"] == f"/command/{scene['event'].pk}/" and body["status"] == "responding"
    assert body["commander"]["id"] == scene["people"]["commander"].pk and body["waiting_for"] is None
    assert body["started_at"].endswith("+08:00")
    entries = TimelineEntry.objects.filter(event_id=scene["event"].pk).order_by("at", "id")
    assert [(e.kind, e.transition or e.payload.get("what")) for e in entries] == [
        ("note", "command_started"), ("transition", "verify"), ("transition", "respond")]
    assert all(e.actor_id == scene["people"]["commander"].pk for e in entries)

    again = enter(scene, "admin")
    assert again.status_code == 200
    assert again.json()["commander"]["id"] == scene["people"]["commander"].pk, "the open session is returned"
    assert again.json()["started_at"] == body["started_at"]
    assert CommandSession.objects.count() == 1
    assert TimelineEntry.objects.filter(event_id=scene["event"].pk).count() == 3


def test_a_duty_officer_opens_the_session_but_the_response_waits_for_a_commander(scene):
    response = enter(scene, "duty")
    assert response.status_code == 200
    assert response.json()["status"] == "verified" and response.json()["waiting_for"] == "respond"
    assert Event.objects.get(pk=scene["event"].pk).status == "verified"
    assert enter(scene, "commander").json()["status"] == "responding"
    assert CommandSession.objects.get().commander == scene["people"]["duty"]


@pytest.mark.parametrize("who,status", [("anonymous", 401), ("external", 404), ("responder", 403),
                                        ("liaison", 403), ("analyst", 403)])
def test_others_may_not_enter_command_mode(scene, who, status):
    """An external agency does not see a severity Ⅲ event at all (row filter): 404, not 403."""
    assert enter(scene, who).status_code == status
    assert not CommandSession.objects.exists()
    assert Event.objects.get(pk=scene["event"].pk).status == "verified"


def test_a_closed_event_is_reopened_first_and_an_unknown_one_is_404(scene):
    Event.objects.filter(pk=scene["event"].pk).update(status="closed")
    response = enter(scene, "commander")
    assert response.status_code == 409 and scene["event"].code in response.json()["detail"]
    assert post(scene["clients"]["commander"], "/api/events/999999/command/").status_code == 404
    assert not CommandSession.objects.exists()
