"""The extended event state machine, severity changes, follow-ups and upward reports."""
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.incidents.models import Event, UpwardReport
from geo_api.incidents.services import upward_reports_mark_overdue
from geo_api.timeline.models import TimelineEntry
from tests import factories

from .conftest import feature, post

pytestmark = pytest.mark.django_db


def test_every_transition_of_the_machine_through_the_contract_route(as_role):
    event = factories.event(1)
    duty, commander = as_role("duty_officer"), as_role("commander")
    url = f"/api/events/{event.pk}/transitions/"
    steps = [(duty, "verified", ""), (commander, "responding", ""), (commander, "recovering", ""),
             (commander, "closed", "现场处置完毕"), (commander, "responding", "复燃"),
             (commander, "recovering", ""), (commander, "closed", "处置完毕"), (duty, "archived", "")]
    for client, to, reason in steps:
        answer = post(client, url, {"to": to, "reason": reason})
        assert answer.status_code == 200, (to, answer.json())
        assert answer.json()["state"] == to
    timeline = commander.get(f"/api/events/{event.pk}/timeline/").json()["timeline"]
    assert [e["transition"] for e in timeline] == ["verify", "respond", "recover", "close", "reopen", "recover",
                                                    "close", "archive"]
    assert [e["actor"]["label"] for e in timeline][:2] == ["duty_officer", "commander"]
    assert timeline[3]["reason"] == "现场处置完毕"


def test_dismissed_as_a_false_report_then_archived(as_role):
    event = factories.event(2)
    duty = as_role("duty_officer")
    url = f"/api/events/{event.pk}/transitions/"
    missing = post(duty, url, {"to": "dismissed"})
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert post(duty, url, {"to": "dismissed", "reason": "误报"}).json()["state"] == "dismissed"
    event.refresh_from_db()
    assert event.closed_at is not None
    assert post(duty, url, {"to": "archived"}).json()["state"] == "archived"


def test_illegal_moves_are_409_listing_the_allowed_ones(as_role):
    event = factories.event(3)
    commander = as_role("commander")
    url = f"/api/events/{event.pk}/transitions/"
    answer = post(commander, url, {"to": "closed", "reason": "x"})
    assert answer.status_code == 409
    assert [a["target"] for a in answer.json()["allowed"]] == ["verified", "dismissed"]
    assert post(commander, url, {"to": "exploded"}).status_code == 400
    assert post(commander, url, {"reason": "x"}).status_code == 400
    assert post(commander, url, {"to": "verified", "colour": "red"}).status_code == 400
    # The state exists and the path too, but starting a response is the commander's.
    post(commander, url, {"to": "verified"})
    assert post(as_role("duty_officer"), url, {"to": "responding"}).status_code == 403
    event.refresh_from_db()
    assert event.status == "verified"


def test_severity_change_needs_a_reason_and_is_on_the_timeline(as_role):
    duty = as_role("duty_officer")
    event_id = post(duty, "/api/events/", feature(severity=4)).json()["id"]
    url = f"/api/events/{event_id}/severity/"
    assert post(duty, url, {"severity": 2}).status_code == 400
    assert post(duty, url, {"severity": 9, "reason": "x"}).status_code == 400
    assert post(as_role("field_responder"), url, {"severity": 2, "reason": "x"}).status_code == 403
    answer = post(duty, url, {"severity": "Ⅱ", "reason": "伤亡人数上升至5人"})
    assert answer.status_code == 200 and answer.json()["properties"]["severity"] == 2
    assert post(duty, url, {"severity": 2, "reason": "again"}).status_code == 409
    entry = TimelineEntry.objects.filter(event_id=event_id, kind="note").get()
    assert entry.reason == "伤亡人数上升至5人" and entry.payload == {"field": "severity", "from": 4, "to": 2}
    # Ⅱ: the deadline to the district shortened to 30 min and the city now needs one (60 min).
    event = Event.objects.get(pk=event_id)
    due = {r.recipient: r.due_at - event.reported_at for r in event.upward_reports.all()}
    assert due == {"district": timedelta(minutes=30), "city": timedelta(minutes=120)}


def test_severity_is_owned_by_the_workflow_in_generic_edits(as_role):
    event = factories.event(4, severity=3)
    answer = as_role("duty_officer").patch(
        f"/api/layers/events/features/{event.pk}/",
        {"type": "Feature", "properties": {"severity": 1}},
        content_type="application/json", HTTP_IF_MATCH="*")
    assert answer.status_code in (409, 428), answer.content
    event.refresh_from_db()
    assert event.severity == 3


def test_follow_ups_append_to_the_event(as_role):
    duty = as_role("duty_officer")
    event_id = post(duty, "/api/events/", feature()).json()["id"]
    responder = as_role("field_responder")
    answer = post(responder, f"/api/events/{event_id}/follow-ups/", {"text": "泄漏点已封堵，1人轻微吸入", "casualties": 1})
    assert answer.status_code == 201, answer.json()
    assert answer.json()["kind"] == "follow_up" and answer.json()["casualties"] == 1
    assert Event.objects.get(pk=event_id).casualties == 1
    assert post(responder, f"/api/events/{event_id}/follow-ups/", {"text": ""}).status_code == 400
    assert post(responder, f"/api/events/{event_id}/follow-ups/", {"text": "x", "casualties": "many"}).status_code == 400
    assert post(responder, f"/api/events/{event_id}/follow-ups/", {"text": "x", "severity": 1}).status_code == 400
    assert post(as_role("warehouse_staff"), f"/api/events/{event_id}/follow-ups/", {"text": "x"}).status_code == 403
    listed = duty.get(f"/api/events/{event_id}/follow-ups/").json()["follow_ups"]
    assert [f["text"] for f in listed] == ["泄漏点已封堵，1人轻微吸入"]
    timeline = duty.get(f"/api/events/{event_id}/timeline/").json()["timeline"]
    assert [e["kind"] for e in timeline] == ["report", "report"]
    assert timeline[1]["payload"]["casualties_before"] == 0


def test_upward_reports_drafted_from_the_event_with_deadlines(as_role):
    duty = as_role("duty_officer")
    reported = timezone.now() - timedelta(minutes=10)
    event_id = post(duty, "/api/events/", feature(severity=2, reported_at=reported.isoformat(), casualties=3)).json()["id"]
    reports = duty.get(f"/api/events/{event_id}/upward-reports/").json()["upward_reports"]
    district = next(r for r in reports if r["recipient"] == "district")
    assert district["kind"] == "initial" and not district["overdue"]
    assert "接报时间" in district["text"] and "危险化学品泄漏" in district["text"] and "3人" in district["text"]
    early = post(duty, f"/api/events/{event_id}/upward-reports/", {"kind": "follow_up", "recipient": "district"})
    assert early.status_code == 409  # the initial report goes first
    submitted = post(duty, f"/api/upward-reports/{district['id']}/submit/", {"text": district["text"] + "\n签发：张三"})
    assert submitted.status_code == 200 and submitted.json()["submitted_at"]
    assert post(duty, f"/api/upward-reports/{district['id']}/submit/", {}).status_code == 409
    post(duty, f"/api/events/{event_id}/follow-ups/", {"text": "已疏散周边群众50人"})
    follow = post(duty, f"/api/events/{event_id}/upward-reports/", {"kind": "follow_up", "recipient": "district"})
    assert follow.status_code == 201 and follow.json()["number"] == 1
    assert "已疏散周边群众50人" in follow.json()["text"] and follow.json()["text"].count("续报一") == 1
    final = post(duty, f"/api/events/{event_id}/upward-reports/", {"kind": "final", "recipient": "district"})
    assert final.status_code == 409  # not closed yet
    assert post(duty, f"/api/events/{event_id}/upward-reports/", {"kind": "weekly", "recipient": "district"}).status_code == 400
    assert as_role("field_responder").get(f"/api/events/{event_id}/upward-reports/").status_code == 403


def test_overdue_reports_are_flagged_once():
    event = factories.event(5, severity=2, reported_at=timezone.now() - timedelta(hours=2))
    late = UpwardReport.objects.create(event=event, kind="initial", recipient="district", text="首报",
                                       due_at=timezone.now() - timedelta(minutes=30))
    UpwardReport.objects.create(event=event, kind="initial", recipient="city", text="首报",
                                due_at=timezone.now() + timedelta(minutes=30))
    assert upward_reports_mark_overdue() == [late.pk]
    assert upward_reports_mark_overdue() == []
    entry = TimelineEntry.objects.get(event_id=event.pk, kind="note")
    assert entry.actor_label == "system" and entry.payload["action"] == "overdue"
