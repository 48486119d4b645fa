"""GET /api/me/today/: my duty today, my open tasks only, the events I may work on; who may ask."""
import pytest
from django.test import Client

from geo_api.tasks.models import Task

from .conftest import client_for

pytestmark = pytest.mark.django_db


def today(user):
    response = client_for(user).get("/api/me/today/")
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_a_responder_sees_their_shift_and_who_leads_it_and_their_responder_row(phone_world):
    body = today(phone_world["people"]["responder"])
    assert body["user"]["username"] == "responder"
    assert body["responder"]["name"] == "现场队员甲" and body["responder"]["on_duty"] is True
    [shift] = body["duty"]["shifts"]
    assert shift["template"] == "全天班" and shift["role"] == "officer" and shift["now"] is True
    assert len(shift["starts"]) == len("2026-11-29 00:00")
    assert [s["leader"]["name"] for s in body["duty"]["on_duty_now"]] == ["带班领导"]


def test_tasks_are_mine_only_and_open_only(phone_world):
    fire = phone_world["people"]["fire"]
    body = today(fire)
    assert [t["title"] for t in body["tasks"]] == ["划定警戒区并疏散周边人员"]
    assert {a["to"] for a in body["tasks"][0]["allowed"]} == {"accepted", "rejected"}
    # the environment liaison's tasks: theirs by name and their department's
    liaison = today(phone_world["people"]["liaison"])
    assert sorted(t["owner_label"] for t in liaison["tasks"]) == ["区生态环境局", "环境联络员"]
    # a done task leaves the list
    Task.objects.filter(title="划定警戒区并疏散周边人员").update(status="done")
    assert today(fire)["tasks"] == []
    # the duty officer oversees every task, but "my day" lists only what is addressed to them
    assert today(phone_world["people"]["duty"])["tasks"] == []


def test_events_of_my_tasks_come_first_and_drills_never(phone_world):
    from tests import factories

    newer = factories.event(2, title="较新的事件")
    drill = factories.event(3, title="演练事件", is_drill=True)
    body = today(phone_world["people"]["fire"])
    ids = [e["id"] for e in body["events"]]
    assert ids[0] == phone_world["event"].pk and body["events"][0]["mine"] is True
    assert newer.pk in ids and drill.pk not in ids
    assert {"lon", "lat", "code", "status_label"} <= set(body["events"][0])


def test_no_shift_and_no_responder_row_for_someone_else(phone_world):
    body = today(phone_world["people"]["liaison"])
    assert body["duty"]["shifts"] == [] and body["responder"] is None


@pytest.mark.parametrize("who,status", [("anonymous", 401), ("external", 403), ("no_role", 403)])
def test_who_may_not_ask(phone_world, who, status):
    from django.contrib.auth.models import User

    if who == "anonymous":
        client = Client()
    elif who == "no_role":
        client = client_for(User.objects.create_user("nobody", password="x-x-x-x-x-x"))
    else:
        client = client_for(phone_world["people"][who])
    response = client.get("/api/me/today/")
    assert response.status_code == status
    assert response.json()["detail"]
