"""The rules of each state machine beyond the round trip: reasons, conditions, the scheduled
overdue check, rows a user cannot read, bad bodies."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.incidents.models import Event
from geo_api.supervision.models import Hazard
from geo_api.supervision.services import hazard_transition, hazards_mark_overdue
from geo_api.supervision.tasks import mark_overdue_hazards
from geo_api.timeline.models import TimelineEntry
from tests import factories

pytestmark = pytest.mark.django_db


def post(client, url, **body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_an_event_from_report_to_close_and_reopen(as_role):
    event = factories.event(1)
    duty, commander = as_role("duty_officer"), as_role("commander")
    base = f"/api/events/{event.pk}/transitions"
    assert post(duty, f"{base}/verify/").status_code == 200
    assert post(duty, f"{base}/respond/").status_code == 403  # starting a response is the commander's
    assert post(commander, f"{base}/respond/").status_code == 200
    missing = post(commander, f"{base}/close/")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert post(commander, f"{base}/close/", reason="火已扑灭，现场清理完毕").status_code == 200
    event.refresh_from_db()
    assert event.status == "closed" and event.closed_at is not None
    assert post(duty, f"{base}/reopen/", reason="复燃").status_code == 403
    assert post(commander, f"{base}/reopen/", reason="复燃").json()["state"] == "responding"
    event.refresh_from_db()
    assert event.closed_at is None
    timeline = commander.get(f"/api/events/{event.pk}/timeline/").json()["timeline"]
    assert [(e["transition"], e["actor"]["label"]) for e in timeline] == [
        ("verify", "duty_officer"), ("respond", "commander"), ("close", "commander"), ("reopen", "commander")]


def test_a_false_report_is_dismissed_with_a_reason(as_role):
    event = factories.event(2)
    answer = post(as_role("duty_officer"), f"/api/events/{event.pk}/transitions/dismiss/", reason="重复报警").json()
    assert answer["state"] == "dismissed" and answer["entry"]["reason"] == "重复报警"


def test_the_state_cannot_be_assigned_in_code():
    event = Event.objects.get(pk=factories.event(3).pk)
    with pytest.raises(AttributeError):
        event.status = "closed"


def test_the_hidden_hazard_closed_loop(as_role):
    hazard = factories.hazard(1, grade="")
    officer, enterprise = as_role("law_enforcement"), as_role("enterprise_staff")
    base = f"/api/hazards/{hazard.pk}/transitions"
    blocked = post(officer, f"{base}/assess/")
    assert blocked.status_code == 409 and "等级" in blocked.json()["detail"]
    assert [a.get("blocked") for a in blocked.json()["allowed"] if a["name"] == "assess"][0]
    assert post(officer, f"{base}/assess/", grade="huge").status_code == 400
    assert post(officer, f"{base}/assess/", grade="major", deadline="2099-01-01").status_code == 400
    assert post(officer, f"{base}/assess/", grade="major").json()["state"] == "graded"
    assert post(enterprise, f"{base}/start_rectification/").status_code == 409  # no deadline yet
    assert post(enterprise, f"{base}/start_rectification/", deadline="2000-01-01").status_code == 400
    started = post(enterprise, f"{base}/start_rectification/", deadline="2099-12-31")
    assert started.json()["state"] == "rectifying" and started.json()["entry"]["payload"]["deadline"] == "2099-12-31"
    assert post(enterprise, f"{base}/report_rectified/").json()["state"] == "rectified"
    assert post(enterprise, f"{base}/accept/").status_code == 403  # acceptance is law enforcement's
    assert post(officer, f"{base}/reject/").status_code == 400  # says what is still wrong
    assert post(officer, f"{base}/reject/", reason="消防通道仍被占用").json()["state"] == "rectifying"
    assert post(enterprise, f"{base}/report_rectified/").status_code == 200
    assert post(officer, f"{base}/accept/").json()["state"] == "accepted"
    assert post(officer, f"{base}/close_out/").json()["state"] == "closed"
    hazard.refresh_from_db()
    assert (hazard.grade, str(hazard.deadline), hazard.rectification_status) == ("major", "2099-12-31", "closed")
    assert TimelineEntry.objects.filter(subject_id=hazard.pk, subject_type="supervision.hazard").count() == 7


def test_overdue_is_the_scheduled_checks_and_left_by_rectifying(as_role):
    yesterday = timezone.localdate() - timedelta(days=1)
    late = factories.hazard(1, grade="general")
    on_time = factories.hazard(2, grade="general")
    hazard_transition(hazard_id=late.pk, transition="assess", user=as_role("law_enforcement").user)
    Hazard.objects.filter(pk=late.pk).update(deadline=yesterday)  # a deadline set long ago
    hazard_transition(hazard_id=on_time.pk, transition="assess", user=as_role("law_enforcement").user)
    officer = as_role("law_enforcement")
    assert post(officer, f"/api/hazards/{late.pk}/transitions/mark_overdue/").status_code == 403
    assert "mark_overdue" not in [a["name"] for a in officer.get(f"/api/hazards/{late.pk}/transitions/").json()["allowed"]]
    assert mark_overdue_hazards() == [late.pk]
    assert hazards_mark_overdue() == []  # safe to run twice
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert (late.rectification_status, on_time.rectification_status) == ("overdue", "graded")
    entry = TimelineEntry.objects.get(subject_id=late.pk, transition="mark_overdue")
    assert entry.actor is None and entry.actor_label == "system" and entry.reason
    assert post(as_role("enterprise_staff"), f"/api/hazards/{late.pk}/transitions/report_rectified/").json()[
        "state"] == "rectified"


def test_shelter_designation_filing_and_revocation(as_role):
    shelter = factories.shelter(1, designation_status="collected")
    bureau, staff = as_role("commander"), as_role("shelter_staff")
    base = f"/api/shelters/{shelter.pk}/transitions"
    assert post(staff, f"{base}/designate/").status_code == 403
    decision = {"document_number": "长应急〔2026〕1号", "decided_on": "2026-11-01"}  # the decision record
    assert post(bureau, f"{base}/designate/", **decision).json()["state"] == "designated"
    assert post(bureau, f"{base}/file/", **decision).json()["state"] == "filed"
    assert post(bureau, f"{base}/revoke/").status_code == 400
    assert post(bureau, f"{base}/revoke/", reason="场地改建").json()["state"] == "revoked"
    assert post(staff, f"{base}/recollect/").json()["state"] == "collected"
    assert post(as_role("administrator"), f"{base}/designate/", **decision).json()["state"] == "designated"


def test_rows_a_user_cannot_read_cannot_be_moved(as_role):
    minor = factories.event(1, severity=4)  # outside external agencies' row filter
    drill = factories.event(2, is_drill=True)  # not on the events layer; staff work it in drill mode
    agency = as_role("external_agency")
    assert agency.get(f"/api/events/{minor.pk}/transitions/").status_code == 404
    assert agency.get(f"/api/events/{minor.pk}/timeline/").status_code == 404
    assert post(agency, f"/api/events/{drill.pk}/transitions/verify/").status_code == 404
    commander = as_role("commander")
    assert post(commander, "/api/events/999999/transitions/verify/").status_code == 404
    hazard = factories.hazard(3)
    assert agency.get(f"/api/hazards/{hazard.pk}/transitions/").status_code == 403  # internal layer


def test_bad_requests_say_what_is_wrong(as_role):
    event = factories.event(1)
    commander = as_role("commander")
    unknown = post(commander, f"/api/events/{event.pk}/transitions/explode/")
    assert unknown.status_code == 404 and [a["name"] for a in unknown.json()["allowed"]] == ["verify", "dismiss"]
    assert post(commander, f"/api/events/{event.pk}/transitions/verify/", reason=5).status_code == 400
    extra = post(commander, f"/api/events/{event.pk}/transitions/verify/", status="closed")
    assert extra.status_code == 400 and "status" in extra.json()["errors"]
    listed = commander.post(f"/api/events/{event.pk}/transitions/verify/", "[1]", content_type="application/json")
    assert listed.status_code == 400
    event.refresh_from_db()
    assert event.status == "reported"


def test_labels_are_chinese_first(as_role):
    event = factories.event(1)
    allowed = as_role("commander").get(f"/api/events/{event.pk}/transitions/").json()
    assert allowed["state"] == "reported" and allowed["state_label"] == str(Event.Status.REPORTED.label)
    assert {a["name"]: a["label"] for a in allowed["allowed"]} == {"verify": "核实", "dismiss": "作废"}
