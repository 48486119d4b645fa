"""Closing writes the case (timeline, tasks, reports, plan used, responders and tracks); search by
text (Chinese too), type, severity, street and time; reopen + close again rewrites the same case;
drills are flagged and kept out unless asked."""
import pytest
from django.utils import timezone

from geo_api.cases.models import Case
from geo_api.cases.services import case_record
from geo_api.incidents.models import Event
from geo_api.incidents.services import event_transition

from .world import client_for, worked_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return worked_event()


def test_closing_writes_the_case_with_its_snapshot(w):
    case = Case.objects.get(event=w["event"])
    assert case.code == w["event"].code and case.district_id == w["street"].pk and case.district_name == "虹桥街道"
    assert case.summary == "泄漏已封堵，周边环境监测正常，结束响应" and case.closed_at == w["event"].closed_at
    snap = case.snapshot
    transitions = [e["transition"] for e in snap["timeline"]
                   if e["kind"] == "transition" and e["subject"]["type"] == "incidents.event"]
    assert transitions == ["verify", "respond", "close"]
    assert {t["title"] for t in snap["tasks"]} == {"划定警戒区并疏散周边人员", "开展环境监测"}
    assert any(t["status"] == "accepted" for t in snap["tasks"])
    assert [r["text"] for r in snap["reports"] if r["kind"] == "follow_up"] == ["泄漏点已用堵漏工具封堵，周边无人员受伤"]
    assert snap["activations"][0]["plan_code"] == "CN-ZX-HAZCHEM" and snap["activations"][0]["response_level"] == 3
    assert snap["responder_ids"] == [w["responder"].pk]
    track = snap["responders"][0]["track"]
    assert snap["responders"][0]["name"] == "王队员" and len(track) >= 2 and track[0]["lon"] == pytest.approx(121.40)


def search(client, **params):
    response = client.get("/api/cases/", params)
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_found_by_chinese_text_street_type_severity_and_time(w):
    client = client_for(w["people"]["duty"])
    code = w["event"].code
    assert search(client, q="泄漏") == [code]            # substring of Chinese text (no word breaks)
    assert search(client, q="堵漏工具") == [code]        # in a follow-up report's text
    assert search(client, q=code) == [code]
    assert search(client, q="hazardous") in ([code], [])  # English type name when the type has one
    assert search(client, q="台风") == []
    assert search(client, district=w["street"].pk) == [code]
    assert search(client, district=w["street"].pk + 1000) == []
    assert search(client, event_type="危险化学品泄漏", severity=3) == [code]
    assert search(client, severity=1) == []
    today = timezone.localdate().isoformat()
    assert search(client, **{"from": today, "to": today}) == [code]
    assert search(client, **{"to": "2020-01-01"}) == []
    bad = client.get("/api/cases/", {"severity": "x"})
    assert bad.status_code == 400 and "severity" in bad.json()["detail"] if "detail" in bad.json() else bad.status_code == 400


def test_case_detail_and_desk_pages(w):
    client = client_for(w["people"]["commander"])
    case = Case.objects.get(event=w["event"])
    body = client.get(f"/api/cases/{case.pk}/").json()
    assert body["code"] == w["event"].code and body["read_only"] is False and body["replay_url"] == f"/cases/{case.pk}/replay/"
    listing = client.get("/cases/", {"q": "泄漏"}).content.decode()
    assert w["event"].code in listing and "案例库" in listing
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "结束响应" in page and 'id="case-map"' in page and f"/cases/{case.pk}/replay/" in page
    assert 'class="track"' in page  # the responder's route on the small map
    assert client.get(f"/cases/{case.pk}/replay/").status_code == 200


def test_reopen_and_close_again_rewrites_the_same_case(w):
    commander = w["people"]["commander"]
    event_transition(event_id=w["event"].pk, transition="reopen", user=commander, reason="泄漏点复漏")
    event_transition(event_id=w["event"].pk, transition="close", user=commander, reason="二次封堵完成")
    case = Case.objects.get(event=w["event"])
    assert Case.objects.count() == 1 and case.times_closed == 2 and case.summary == "二次封堵完成"
    assert [e["transition"] for e in case.snapshot["timeline"]
            if e["kind"] == "transition" and e["subject"]["type"] == "incidents.event"][-2:] == ["reopen", "close"]


def test_drill_cases_are_flagged_and_left_out_unless_asked(db):
    w = worked_event(title="演练：危险化学品泄漏")
    # A drill runs the real workflow in drill mode; its case is written from the drill event.
    Event.objects.filter(pk=w["event"].pk).update(is_drill=True)
    case_record(event=Event.objects.get(pk=w["event"].pk), user=w["people"]["commander"])
    case = Case.objects.get(event=w["event"])
    assert case.is_drill
    commander = client_for(w["people"]["commander"])
    assert commander.get("/api/cases/").json()["count"] == 0
    rows = commander.get("/api/cases/", {"drills": "1"}).json()["results"]
    assert [r["is_drill"] for r in rows] == [True]
    external = client_for(w["people"]["external"])
    assert external.get("/api/cases/", {"drills": "1"}).json()["count"] == 0
    assert external.get(f"/api/cases/{case.pk}/").status_code == 404


def test_a_dismissed_event_makes_no_case(db):
    w = worked_event(close=False)
    from tests import factories

    other = factories.event(7, title="误报")
    event_transition(event_id=other.pk, transition="dismiss", user=w["people"]["duty"], reason="重复报警")
    event_transition(event_id=other.pk, transition="archive", user=w["people"]["duty"])
    assert not Case.objects.filter(event=other).exists()
