"""Instructions down (指令下发): to a person, a department, everyone on the event; who reads them;
acknowledgement once (and exactly once per client_id); escalation of missing acknowledgements by
the scheduled job; all on the event's timeline."""
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.command.models import CommandSession, Instruction, InstructionDelivery
from geo_api.command.services import instructions_escalate
from geo_api.idempotency.models import ClientRequest
from geo_api.timeline.models import TimelineEntry

from tests.plans.world import plan_document

from .conftest import post

pytestmark = pytest.mark.django_db


def send(scene, who="commander", **body):
    body = {"text": "立即疏散虹桥路沿线居民", "priority": "urgent", **body}
    return post(scene["clients"][who], f"/api/events/{scene['event'].pk}/instructions/", body)


def ack(scene, who, instruction_id, **body):
    return post(scene["clients"][who], f"/api/instructions/{instruction_id}/acknowledge/", body)


def test_an_instruction_reaches_a_person_and_a_department_once_each(scene):
    people, departments = scene["people"], scene["departments"]
    response = send(scene, to_users=[people["responder"].pk, people["liaison"].pk],
                    to_departments=[departments["HB"].pk, departments["XF"].pk], ack_within_min=5)
    assert response.status_code == 201, response.content
    body = response.json()
    recipients = {(r["id"], r["kind"]) for r in body["recipients"]}
    # liaison is named and a member of HB: addressed once, as a person.
    assert recipients == {(people["responder"].pk, "user"), (people["liaison"].pk, "user"),
                          (people["fire"].pk, "department")}
    assert body["priority"] == "urgent" and body["sent_by"]["id"] == people["commander"].pk
    assert body["acknowledged"] == 0 and body["total"] == 3 and body["escalated"] is False
    entry = TimelineEntry.objects.get(event_id=scene["event"].pk, payload__what="instruction_sent")
    assert entry.kind == "instruction" and entry.actor == people["commander"] and entry.reason == body["text"]


def test_everyone_on_the_event_means_the_people_assigned_tasks_on_it(scene):
    plan = post(scene["clients"]["admin"], "/api/plans/import/", plan_document()).json()
    activation = post(scene["clients"]["duty"], f"/api/plans/{plan['id']}/activations/",
                      {"event": scene["event"].pk, "response_level": 3, "reason": "启动"})
    assert activation.status_code == 201
    body = send(scene, to_everyone=True).json()
    assert {r["id"] for r in body["recipients"]} == {scene["people"]["fire"].pk, scene["people"]["liaison"].pk}
    assert all(r["kind"] == "everyone" for r in body["recipients"])


def test_nobody_to_receive_it_and_bad_bodies_are_refused_with_the_field(scene):
    assert send(scene, to_everyone=True).status_code == 409  # nobody assigned or checked in yet
    someone = [scene["people"]["responder"].pk]
    cases = [({"text": "", "to_users": someone}, "text"), ({"to_users": []}, "to_users"),
             ({"to_users": ["x"]}, "to_users"), ({"to_users": [999999]}, "to_users"),
             ({"to_users": someone, "priority": "now"}, "priority"),
             ({"to_users": someone, "ack_within_min": 0}, "ack_within_min"),
             ({"to_users": someone, "colour": 1}, "colour"), ({"to_departments": [999999]}, "to_departments")]
    for body, field in cases:
        response = send(scene, **body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json().get("errors", {}), (body, response.json())
    assert not Instruction.objects.exists()


@pytest.mark.parametrize("who,status", [("responder", 403), ("liaison", 403), ("analyst", 403), ("external", 404),
                                        ("duty", 201), ("admin", 201), ("commander", 201)])
def test_who_may_send(scene, who, status):
    assert send(scene, who, to_users=[scene["people"]["responder"].pk]).status_code == status


def test_each_reads_only_what_is_theirs(scene):
    people = scene["people"]
    first = send(scene, to_users=[people["responder"].pk]).json()
    second = send(scene, to_users=[people["other_responder"].pk]).json()
    mine = scene["clients"]["responder"].get("/api/instructions/?mine=1").json()["instructions"]
    assert [i["id"] for i in mine] == [first["id"]] and mine[0]["mine"] == {"acknowledged_at": None, "note": ""}
    listed = scene["clients"]["responder"].get(f"/api/events/{scene['event'].pk}/instructions/").json()
    assert [i["id"] for i in listed["instructions"]] == [first["id"]]
    # The commander and the duty desk read every instruction of an event they may read.
    for who in ("commander", "duty"):
        listed = scene["clients"][who].get(f"/api/events/{scene['event'].pk}/instructions/").json()
        assert {i["id"] for i in listed["instructions"]} == {first["id"], second["id"]}
    assert scene["clients"]["analyst"].get(f"/api/events/{scene['event'].pk}/instructions/").json()[
        "instructions"] == []
    assert scene["anonymous"].get("/api/instructions/?mine=1").status_code == 401


def test_acknowledgement_once_by_the_recipient_only_and_once_per_client_id(scene):
    people = scene["people"]
    sent = send(scene, to_users=[people["responder"].pk, people["other_responder"].pk]).json()
    assert ack(scene, "commander", sent["id"]).status_code == 403  # reads it, is not a recipient
    assert ack(scene, "liaison", sent["id"]).status_code == 404    # does not even read it
    first = ack(scene, "responder", sent["id"], note="收到，5分钟到场", client_id="ack-1")
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["acknowledged"] == 1 and body["mine"]["note"] == "收到，5分钟到场"
    repeat = ack(scene, "responder", sent["id"], note="again", client_id="ack-1")
    assert repeat.json() == body, "the same client_id answers the stored result"
    later = ack(scene, "responder", sent["id"], note="again")
    assert later.json()["mine"]["acknowledged_at"] == body["mine"]["acknowledged_at"]
    assert later.json()["mine"]["note"] == "收到，5分钟到场"
    assert TimelineEntry.objects.filter(payload__what="instruction_acknowledged").count() == 1
    assert ClientRequest.objects.filter(key="ack-1").count() == 1
    assert ack(scene, "responder", sent["id"], colour="red").status_code == 400


def test_sending_twice_with_one_client_id_makes_one_instruction(scene):
    target = [scene["people"]["responder"].pk]
    first = send(scene, to_users=target, client_id="c-42")
    second = send(scene, to_users=target, client_id="c-42")
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert Instruction.objects.count() == 1
    assert send(scene, to_users=target, client_id="x" * 65).status_code == 400


def test_unacknowledged_instructions_escalate_once_to_the_sender_and_commanders(scene):
    people = scene["people"]
    CommandSession.objects.create(event=scene["event"], commander=people["commander"])
    sent = send(scene, "duty", to_users=[people["responder"].pk, people["other_responder"].pk],
                ack_within_min=5).json()
    ack(scene, "other_responder", sent["id"])
    assert instructions_escalate(timezone.now() + timedelta(minutes=4)) == []
    escalated = instructions_escalate(timezone.now() + timedelta(minutes=6))
    missing = InstructionDelivery.objects.get(instruction_id=sent["id"], user=people["responder"])
    assert escalated == [missing.pk]
    assert instructions_escalate(timezone.now() + timedelta(minutes=10)) == [], "once only"
    instruction = Instruction.objects.get(pk=sent["id"])
    assert instruction.escalated_at is not None
    notice = Instruction.objects.get(escalates=instruction)
    assert notice.kind == "escalation" and notice.sent_by is None and people["responder"].username in notice.text
    assert set(notice.deliveries.values_list("user_id", flat=True)) == {people["duty"].pk, people["commander"].pk}
    entry = TimelineEntry.objects.get(payload__what="instruction_escalated")
    assert entry.actor is None and entry.event_id == scene["event"].pk and entry.payload["deliveries"] == [missing.pk]
    # The commander reads the notice among their own instructions; the late acknowledgement still counts.
    mine = scene["clients"]["commander"].get("/api/instructions/?mine=1").json()["instructions"]
    assert [i["id"] for i in mine] == [notice.pk] and mine[0]["escalates"] == instruction.pk
    late = ack(scene, "responder", sent["id"]).json()
    assert late["acknowledged"] == 2 and late["escalated"] is True
    assert TimelineEntry.objects.get(payload__what="instruction_acknowledged", actor=people["responder"]).payload["late"]


def test_no_instruction_on_a_closed_event(scene):
    from geo_api.incidents.models import Event

    Event.objects.filter(pk=scene["event"].pk).update(status="closed")
    assert send(scene, to_users=[scene["people"]["responder"].pk]).status_code == 409


def test_everyone_on_the_event_includes_the_responders_checked_in_there(scene):
    from geo_api.responders.models import CheckIn

    from .conftest import on_duty

    responder = on_duty(scene["people"]["other_responder"])
    CheckIn.objects.create(event=scene["event"], responder=responder, at=timezone.now(), geom=scene["event"].geom,
                           distance_m=5)
    body = send(scene, to_everyone=True).json()
    assert [(r["id"], r["kind"]) for r in body["recipients"]] == [(scene["people"]["other_responder"].pk, "everyone")]
