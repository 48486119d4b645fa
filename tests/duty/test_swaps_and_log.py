"""Swaps need approval (a state machine run through run_transition: wrong role 403, illegal 409,
on the timeline); the duty log and the handover that carries open items to the next shift."""
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.duty import calendar as cal
from geo_api.duty.models import Handover, LogEntry, Shift, ShiftMember, SwapRequest
from geo_api.duty.selectors import on_duty_at
from geo_api.timeline.models import TimelineEntry
from tests.factories import one_of_each

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster_now(as_role, template):
    """The template anchored on today, generated for this month and (if the official calendar
    already knows it) the next: a shift is on duty now and the next one is on the roster."""
    client = as_role("duty_officer")
    now = timezone.now().astimezone(cal.SHANGHAI)
    today = now - timedelta(days=1) if now.time() < template.day_start else now  # the duty day now
    template.anchor_date = today.date()
    template.save()
    month = today.date().replace(day=1)
    for m in (month - timedelta(days=1), month, month + timedelta(days=32)):
        response = client.post("/api/duty/rosters/", {"template": template.pk, "month": f"{m:%Y-%m}"},
                               content_type="application/json")
        assert response.status_code in (201, 400), response.content
    current = on_duty_at()[0]
    return {"client": client, "current": current, "next": Shift.objects.get(starts_at=current.ends_at)}


def names_on(shift):
    return sorted(ShiftMember.objects.filter(shift=shift).values_list("person__name", flat=True))


def test_a_swap_needs_approval(as_role, roster_now, people):
    officer = roster_now["client"]
    shift = roster_now["next"]  # group 1's shift, still to come
    giver, taker = people["O10"], people["spare"]
    response = officer.post("/api/duty/swaps/", {"shift": shift.pk, "from_person": giver.pk, "to_person": taker.pk,
                                                 "reason": "家中有事"}, content_type="application/json")
    assert response.status_code == 201, response.content
    swap = response.json()
    assert swap["status"] == "requested" and swap["status_label"] == "待审批"
    assert names_on(shift) == sorted(["领导1", "值班员10", "值班员11"])  # nothing changes yet

    url = f"/api/duty/swaps/{swap['id']}/transitions/"
    # A duty officer may file a request, not approve it: 403 naming who may.
    refused = officer.post(url + "approve/", {}, content_type="application/json")
    assert refused.status_code == 403 and "commander" in refused.json()["roles"]
    assert [a["name"] for a in officer.get(url).json()["allowed"]] == ["withdraw"]
    # Other roles do not see the duty desk at all.
    assert as_role("field_responder").get(url).status_code == 403
    assert as_role("external_agency").post(url + "approve/", {}, content_type="application/json").status_code == 403
    # Refusing needs a reason.
    commander = as_role("commander")
    assert commander.post(url + "refuse/", {}, content_type="application/json").status_code == 400
    # A duty leader of the template (an account with a leader on the roster) approves.
    leader = as_role("duty_officer", name="leader2")
    approved = leader.post(url + "approve/", {"reason": "同意"}, content_type="application/json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "approved"
    assert names_on(shift) == sorted(["领导1", "替班员", "值班员11"])
    # Approved is final: a second decision is an illegal transition, 409 listing what is allowed.
    again = commander.post(url + "refuse/", {"reason": "改主意"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["allowed"] == []
    timeline = officer.get(f"/api/duty/swaps/{swap['id']}/timeline/").json()["timeline"]
    assert [(e["kind"], e["transition"]) for e in timeline] == [("note", None), ("transition", "approve")]
    assert timeline[1]["actor"]["label"] == "leader2" and timeline[1]["reason"] == "同意"


def test_an_exchange_of_shifts_and_a_stale_request(as_role, roster_now, people):
    officer, commander = roster_now["client"], as_role("commander")
    first = roster_now["next"]                                   # group 1
    second = Shift.objects.get(starts_at=first.ends_at)           # group 2
    response = officer.post("/api/duty/swaps/", {"shift": first.pk, "counter_shift": second.pk,
                                                 "from_person": people["O10"].pk, "to_person": people["O20"].pk,
                                                 "reason": "换班"}, content_type="application/json")
    assert response.status_code == 201, response.content
    stale = officer.post("/api/duty/swaps/", {"shift": first.pk, "from_person": people["O10"].pk,
                                              "to_person": people["spare"].pk, "reason": "替班"},
                         content_type="application/json").json()
    url = f"/api/duty/swaps/{response.json()['id']}/transitions/approve/"
    assert commander.post(url, {}, content_type="application/json").status_code == 200
    assert "值班员20" in names_on(first) and "值班员10" in names_on(second)
    # The other request no longer fits the roster: its condition refuses with what to do.
    blocked = commander.post(f"/api/duty/swaps/{stale['id']}/transitions/approve/", {}, content_type="application/json")
    assert blocked.status_code == 409 and "拒绝" in blocked.json()["detail"]
    assert SwapRequest.objects.get(pk=stale["id"]).status == "requested"


def test_bad_swap_requests_are_400s_naming_the_field(roster_now, people):
    officer, shift = roster_now["client"], roster_now["next"]
    cases = [
        ({"from_person": people["O00"].pk, "to_person": people["spare"].pk, "reason": "x"}, "from_person"),
        ({"from_person": people["O10"].pk, "to_person": people["O11"].pk, "reason": "x"}, "to_person"),
        ({"from_person": people["O10"].pk, "to_person": people["spare"].pk, "reason": " "}, "reason"),
    ]
    for body, field in cases:
        response = officer.post("/api/duty/swaps/", {"shift": shift.pk, **body}, content_type="application/json")
        assert response.status_code == 400 and field in response.json()["errors"], (field, response.content)
    assert SwapRequest.objects.count() == 0


def test_the_log_and_the_handover_carry_open_items(as_role, roster_now, people):
    officer, current, following = roster_now["client"], roster_now["current"], roster_now["next"]
    event = one_of_each()["events"]
    log_url = f"/api/duty/shifts/{current.pk}/log/"
    added = [officer.post(log_url, body, content_type="application/json") for body in (
        {"kind": "call", "text": "新华路街道来电：围挡松动，已通知建管委", "is_open": True, "event": event.pk},
        {"kind": "check", "text": "值班电话点名，通讯正常"},
        {"kind": "instruction", "text": "22:00前回报道路结冰情况", "is_open": True},
    )]
    assert [r.status_code for r in added] == [201, 201, 201], [r.content for r in added]
    done = officer.post(f"/api/duty/log/{added[2].json()['id']}/resolve/")
    assert done.status_code == 200 and done.json()["is_open"] is False
    assert officer.post(log_url, {"kind": "gossip", "text": ""}, content_type="application/json").json()["errors"].keys() == {"kind", "text"}
    assert officer.post(log_url, {"kind": "note", "text": "x", "event": 999999},
                        content_type="application/json").json()["errors"].keys() == {"event"}
    # A future shift cannot be handed over yet.
    assert officer.post(f"/api/duty/shifts/{following.pk}/handover/", {}, content_type="application/json").status_code == 409

    response = officer.post(f"/api/duty/shifts/{current.pk}/handover/",
                            {"notes": "设备正常", "received_by": people["O11"].pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    handover = response.json()
    assert handover["to_shift"] == following.pk and handover["received_by"]["name"] == "值班员11"
    assert handover["handed_by"]["name"] == "领导0"  # the signed-in account is not on the roster: its leader
    assert [item["text"] for item in handover["open_items"]] == ["新华路街道来电：围挡松动，已通知建管委"]
    carried = LogEntry.objects.get(shift=following)
    assert carried.is_open and carried.carried_from_id == added[0].json()["id"] and carried.event_id == event.pk
    assert not LogEntry.objects.get(pk=added[0].json()["id"]).is_open
    next_log = officer.get(f"/api/duty/shifts/{following.pk}/log/").json()["log"]
    assert [(e["text"], e["is_open"], e["carried_from"]) for e in next_log] == [
        ("新华路街道来电：围挡松动，已通知建管委", True, added[0].json()["id"])]
    # Once handed over: no second handover, no new entries in the old log.
    assert officer.post(f"/api/duty/shifts/{current.pk}/handover/", {}, content_type="application/json").status_code == 409
    assert officer.post(log_url, {"kind": "note", "text": "迟到的记录"}, content_type="application/json").status_code == 409
    assert Handover.objects.count() == 1
    assert TimelineEntry.objects.filter(subject_type="duty.shift", subject_id=current.pk,
                                        payload__action="handover").count() == 1
