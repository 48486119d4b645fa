"""Instruction → live delivery to the recipient's socket → acknowledgement → live to the
commander; an unacknowledged one escalates through the scheduled job, and the notice reaches the
commander's socket; field reports appear live on the event. Real PostGIS NOTIFY, the real ASGI
application, and (last test) a real Celery worker running the scheduled task.

Transactional tests: NOTIFY is delivered at commit."""
import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from geo_api.command import tasks as jobs
from geo_api.command.models import Instruction, InstructionDelivery
from geo_api.jobs.periodic import declared
from geo_api.timeline.models import TimelineEntry
from tests.jobs.test_worker import job_env, queue, run  # noqa: F401 (fixtures)
from tests.live.sockets import Frames, open_socket

from .conftest import make_scene, on_duty, post

pytestmark = pytest.mark.django_db(transaction=True)


def record(name, row_id=None):
    return lambda c: c.get("record") == name and (row_id is None or c["id"] == row_id)


def test_delivered_live_acknowledged_live_escalated_live():
    scene = make_scene()
    people, clients, event = scene["people"], scene["clients"], scene["event"]
    assert post(clients["commander"], f"/api/events/{event.pk}/command/").status_code == 200
    on_duty(people["responder"])

    async def scenario():
        responder = Frames(await open_socket(clients["responder"]))
        bystander = Frames(await open_socket(clients["other_responder"]))
        commander = Frames(await open_socket(clients["commander"], f"/ws/changes/?event={event.pk}"))
        commander_inbox = Frames(await open_socket(clients["commander"]))  # user topic only
        sent = await database_sync_to_async(post)(clients["commander"], f"/api/events/{event.pk}/instructions/", {
            "text": "立即疏散虹桥路沿线居民", "priority": "critical", "to_users": [people["responder"].pk],
            "ack_within_min": 3})
        assert sent.status_code == 201, sent.content
        instruction = sent.json()["id"]
        delivered = await responder.until(record("instruction", instruction))
        assert delivered == {"seq": delivered["seq"], "record": "instruction", "id": instruction,
                             "action": "created", "event": event.pk}
        # The recipient reads it and acknowledges; the commander's event view hears of it.
        mine = await database_sync_to_async(clients["responder"].get)("/api/instructions/?mine=1")
        assert [i["id"] for i in mine.json()["instructions"]] == [instruction]
        acked = await database_sync_to_async(post)(clients["responder"], f"/api/instructions/{instruction}/acknowledge/",
                                                   {"note": "收到", "client_id": "ack-1"})
        assert acked.status_code == 200
        delivery = await database_sync_to_async(
            lambda: InstructionDelivery.objects.get(instruction_id=instruction).pk)()
        ack = await commander.until(lambda c: record("instruction_ack", delivery)(c) and c["action"] == "updated")
        assert ack["event"] == event.pk

        # A second instruction nobody acknowledges in time: the job escalates it, the notice is live.
        late = await database_sync_to_async(post)(clients["duty"], f"/api/events/{event.pk}/instructions/", {
            "text": "报告现场风向", "to_users": [people["other_responder"].pk], "ack_within_min": 1})
        late_id = late.json()["id"]
        await bystander.until(record("instruction", late_id))
        await database_sync_to_async(
            lambda: Instruction.objects.filter(pk=late_id).update(sent_at=timezone.now() - timedelta(minutes=2)))()
        escalated = await database_sync_to_async(jobs.escalate_instructions)()
        assert len(escalated) == 1
        notice = await database_sync_to_async(lambda: Instruction.objects.get(escalates_id=late_id).pk)()
        await commander_inbox.until(record("instruction", notice))

        # A field report appears live on the event.
        report = await database_sync_to_async(post)(clients["responder"], f"/api/events/{event.pk}/reports/",
                                                    {"text": "风向东南，气味减弱"})
        assert report.status_code == 201
        await commander.until(record("event_report", report.json()["id"]))
        await asyncio.sleep(0.4)
        for frames in (responder, bystander, commander, commander_inbox):
            await frames.close()
        return responder, bystander, commander_inbox, instruction, notice

    responder, bystander, inbox, instruction, notice = asyncio.run(scenario())
    # The bystander never learns of the first instruction, nor the responder of the second.
    assert instruction not in {c["id"] for c in bystander.changes if c.get("record") == "instruction"}
    assert {c["id"] for c in responder.changes if c.get("record") == "instruction"} == {instruction}
    # The commander's plain socket hears what is addressed to them (their own instruction, the notice).
    assert {c["id"] for c in inbox.changes if c.get("record") == "instruction"} >= {instruction, notice}


def test_the_schedule_declares_the_escalation_every_minute():
    entry = declared()["command.escalate_instructions"]
    assert entry["task"] == "geo_api.command.tasks.escalate_instructions"
    assert entry["schedule"] == timedelta(minutes=1)


def test_a_real_worker_escalates_the_unacknowledged_instruction(queue):  # noqa: F811
    scene = make_scene()
    people, clients, event = scene["people"], scene["clients"], scene["event"]
    post(clients["commander"], f"/api/events/{event.pk}/command/")
    sent = post(clients["commander"], f"/api/events/{event.pk}/instructions/", {
        "text": "封控路口", "to_users": [people["responder"].pk, people["other_responder"].pk],
        "ack_within_min": 5}).json()
    post(clients["other_responder"], f"/api/instructions/{sent['id']}/acknowledge/", {})
    assert run(jobs.escalate_instructions, queue) == [], "not due yet"
    Instruction.objects.filter(pk=sent["id"]).update(sent_at=timezone.now() - timedelta(minutes=6))
    missing = InstructionDelivery.objects.get(instruction_id=sent["id"], user=people["responder"])
    assert run(jobs.escalate_instructions, queue) == [missing.pk]
    assert run(jobs.escalate_instructions, queue) == [], "once only"
    entry = TimelineEntry.objects.get(payload__what="instruction_escalated")
    assert entry.event_id == event.pk and entry.actor_label == "system"
    notice = Instruction.objects.get(escalates_id=sent["id"])
    assert list(notice.deliveries.values_list("user_id", flat=True)) == [people["commander"].pk]
