"""Replay: the outline (start, end, moments) and the state at chosen instants — positions, the
event's state, the tasks' status, reports so far — read from what was recorded."""
from datetime import timedelta

import pytest

from .world import client_for, seek, worked_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return worked_event()


def test_outline_lists_the_moments_in_order(w):
    body = client_for(w["people"]["commander"]).get(f"/api/events/{w['event'].pk}/replay/").json()
    kinds = [m["kind"] for m in body["moments"]]
    assert body["start"] <= body["moments"][0]["at"] and body["end"] >= body["moments"][-1]["at"]
    assert kinds.count("transition") == 3 and "task" in kinds and "report" in kinds
    assert [m["at"] for m in body["moments"]] == sorted(m["at"] for m in body["moments"])


def test_state_positions_and_tasks_at_chosen_times(w):
    client, event = client_for(w["people"]["commander"]), w["event"]
    before = seek(client, event.pk, w["t0"] - timedelta(seconds=10)).json()
    assert before["state"] == "reported" and before["tasks"] == []
    assert [(p["lon"], p["lat"]) for p in before["positions"]] == [(pytest.approx(121.40), pytest.approx(31.20))]

    first = seek(client, event.pk, w["t1"]).json()
    assert first["state"] == "responding" and first["severity"] == 3
    assert [(p["lon"], p["lat"]) for p in first["positions"]] == [(pytest.approx(121.405), pytest.approx(31.2025))]
    statuses = {t["title"]: t["status"] for t in first["tasks"]}
    assert statuses == {"划定警戒区并疏散周边人员": "assigned", "开展环境监测": "assigned"}
    assert [r["kind"] for r in first["reports"]] == ["call"] or first["reports"] == []

    second = seek(client, event.pk, w["t2"]).json()
    mine = [t for t in second["tasks"] if t["owner"] == "环境联络员"]
    assert mine and mine[0]["status"] == "accepted"
    assert not any("封堵" in r["text"] for r in second["reports"])

    third = seek(client, event.pk, w["t3"]).json()
    assert any("封堵" in r["text"] for r in third["reports"])
    assert third["positions"][0]["lon"] == pytest.approx(121.41)
    assert third["state"] == "responding"

    end = seek(client, event.pk, w["event"].closed_at + timedelta(seconds=1)).json()
    assert end["state"] == "closed"


def test_positions_only_for_those_who_may_read_them(w):
    # A law-enforcement officer reads events but not responders' positions.
    from tests.plans.world import person

    officer = client_for(person("officer", "law_enforcement"))
    body = seek(officer, w["event"].pk, w["t3"]).json()
    assert body["positions"] == [] and body["positions_hidden"] is True


def test_bad_time_is_a_400(w):
    response = client_for(w["people"]["commander"]).get(f"/api/events/{w['event'].pk}/replay/", {"at": "yesterday"})
    assert response.status_code == 400 and "at" in response.json()["detail"]
