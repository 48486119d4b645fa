"""A replay seek is a fixed number of reads, whatever the event holds: the timeline, tasks,
reports, shelter openings and instructions come in one statement (geo_api/cases/replay_record.py),
and an archived case's record from the cache."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo_api.command.models import Instruction, InstructionDelivery
from geo_api.incidents.models import EventReport
from geo_api.incidents.services import event_transition
from geo_api.plans.models import Department
from geo_api.tasks.models import Task

from .world import client_for, seek, worked_event

pytestmark = pytest.mark.django_db


def grow(w, n):
    """n more tasks (to the liaison's department), reports and acknowledged instructions, before the close."""
    event, people = w["event"], w["people"]
    planned = Task.objects.filter(event=event).first()
    department = Department.objects.filter(members=people["liaison"]).first()
    at = w["t3"] - timedelta(seconds=1)
    for i in range(n):
        task = Task.objects.create(event=event, activation_id=planned.activation_id, action_id=planned.action_id, title=f"补充任务{i}",
                                   department=department, deadline=at)
        Task.objects.filter(pk=task.pk).update(created_at=at)
        EventReport.objects.create(event=event, kind="follow_up", received_at=at, text=f"补充报告{i}")
        sent = Instruction.objects.create(event=event, text=f"补充指令{i}", sent_by=people["commander"], sent_at=at)
        InstructionDelivery.objects.create(instruction=sent, event=event, user=people["liaison"], via="user",
                                           acknowledged_at=at)


def queries_of_a_seek(client, w) -> int:
    seek(client, w["event"].pk, w["t3"])  # the session and the catalog read once
    with CaptureQueriesContext(connection) as seen:
        assert seek(client, w["event"].pk, w["t3"]).status_code == 200
    return len(seen)


@pytest.mark.parametrize("who", ["commander", "liaison"])
def test_seek_queries_do_not_grow_with_tasks_reports_and_instructions(db, who, django_assert_max_num_queries):
    w = worked_event(close=False)
    client = client_for(w["people"][who])
    before = queries_of_a_seek(client, w)
    grow(w, 15)
    event_transition(event_id=w["event"].pk, transition="close", user=w["people"]["commander"], reason="结束响应")
    with django_assert_max_num_queries(before + 1):  # + the case row, read once the event is closed
        body = seek(client, w["event"].pk, w["t3"]).json()
    assert sum(t["title"].startswith("补充任务") for t in body["tasks"]) == 15
    assert sum(r["text"].startswith("补充报告") for r in body["reports"]) == 15
    assert sum(i["acknowledged"] for i in body["instructions"] if i["text"].startswith("补充指令")) == 15


def test_an_archived_case_is_read_from_the_cache(db):
    w = worked_event()
    event_transition(event_id=w["event"].pk, transition="archive", user=w["people"]["duty"])
    client = client_for(w["people"]["commander"])
    first = seek(client, w["event"].pk, w["t3"]).json()
    with CaptureQueriesContext(connection) as seen:
        again = seek(client, w["event"].pk, w["t3"]).json()
    assert again == first
    assert not any("timeline_timelineentry" in q["sql"] for q in seen.captured_queries)

