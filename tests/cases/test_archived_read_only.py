"""An archived event is read-only with its case: every write to the event, its case, its reports,
its tasks and its instructions answers 409 with a message, whatever the route; the database itself
refuses (triggers, cases migration 0003) and the timeline stays append-only; reads still work."""
import pytest
from django.db import DatabaseError, connection, transaction

from geo_api.cases.models import Case
from geo_api.common.errors import Conflict
from geo_api.incidents.models import Event, EventReport
from geo_api.incidents.services import event_transition
from geo_api.tasks.models import Task
from geo_api.tasks.services import tasks_mark_overdue
from geo_api.timeline.models import TimelineEntry

from .world import client_for, post, worked_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    data = worked_event()
    event_transition(event_id=data["event"].pk, transition="archive", user=data["people"]["duty"])
    data["event"].refresh_from_db()
    return data


def assert_refused(response):
    """409 with the message in Chinese (the default language), whichever depth refused."""
    assert response.status_code == 409, response.content
    body = response.json()
    message = body.get("detail") or body.get("description") or ""
    assert "已归档" in message and "只读" in message, body


def test_archiving_freezes_the_case(w):
    case = Case.objects.get(event=w["event"])
    assert case.archived_at is not None
    body = client_for(w["people"]["duty"]).get(f"/api/cases/{case.pk}/").json()
    assert body["read_only"] is True and body["archived"] is True
    page = client_for(w["people"]["duty"]).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="archived"' in page


def test_event_writes_answer_409(w):
    event = w["event"]
    duty, commander = client_for(w["people"]["duty"]), client_for(w["people"]["commander"])
    # no transition leads out of archived
    response = post(commander, f"/api/events/{event.pk}/transitions/reopen/", {"reason": "再看看"})
    assert response.status_code == 409
    response = post(duty, f"/api/events/{event.pk}/follow-ups/", {"text": "补充情况"})
    assert response.status_code == 409
    response = post(duty, f"/api/events/{event.pk}/severity/", {"severity": 2, "reason": "升级"})
    assert response.status_code == 409
    reports_before = EventReport.objects.filter(event=event).count()
    response = post(duty, f"/api/events/{event.pk}/reports/", {
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [121.41, 31.205]},
        "properties": {"description": "又一个电话", "source": "phone"}})
    assert response.status_code == 409, response.content
    assert EventReport.objects.filter(event=event).count() == reports_before


def refused(write):
    """`write()` refused by the database with the archived message (a savepoint of our own keeps the
    test's transaction usable after the failed statement)."""
    with pytest.raises(Conflict) as refusal, transaction.atomic():
        write()
    return refusal.value.message


def test_the_database_refuses_any_orm_write_with_a_message(w):
    event = Event.objects.get(pk=w["event"].pk)
    event.title = "改个标题"
    assert event.code in refused(event.save)
    report = EventReport.objects.filter(event=event).first()
    report.text = "改写"
    refused(report.save)
    refused(report.delete)
    refused(lambda: EventReport.objects.filter(event=event).update(text="批量改写"))  # no save(), no signal
    refused(lambda: EventReport.objects.create(event=event, kind="follow_up", received_at=event.closed_at, text="补"))
    refused(lambda: Task.objects.filter(event=event).update(title="改"))
    refused(lambda: Case.objects.filter(event=event).update(summary="改写总结"))
    refused(lambda: Case.objects.filter(event=event).delete())
    assert Event.objects.get(pk=event.pk).title == "虹桥路危险化学品泄漏"
    assert EventReport.objects.get(pk=report.pk).text != "改写"
    assert Case.objects.get(event=event).summary == "泄漏已封堵，周边环境监测正常，结束响应"


def test_raw_sql_is_refused_by_the_triggers(w):
    """Below Django: the trigger itself refuses, with SQLSTATE OMA01 and the event's code."""
    import psycopg

    event = w["event"]
    raw = connection.cursor().cursor  # psycopg's own cursor: no Django wrapper translating the error
    for statement in ("UPDATE cases_case SET summary = 'x' WHERE event_id = %s",
                      "UPDATE onemap_event SET title = 'x' WHERE id = %s",
                      "DELETE FROM onemap_event_report WHERE event_id = %s",
                      "UPDATE tasks_task SET title = 'x' WHERE event_id = %s"):
        with pytest.raises(psycopg.Error) as refusal, transaction.atomic():
            raw.execute(statement, [event.pk])
        assert refusal.value.sqlstate == "OMA01" and refusal.value.diag.message_detail == event.code, statement


def test_the_timeline_of_an_archived_event_cannot_be_changed(w):
    entries = TimelineEntry.objects.filter(event_id=w["event"].pk)
    assert entries.exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        entries.update(reason="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        entries.first().delete()
    assert not TimelineEntry.objects.filter(event_id=w["event"].pk, reason="改写").exists()


def test_a_closed_event_is_not_frozen(db):
    """The triggers look at the stored state: before archiving, the case and the event may change
    (a closed event can be reopened, a case rewritten)."""
    data = worked_event()
    assert Case.objects.filter(event=data["event"]).update(summary="补充总结") == 1
    assert EventReport.objects.filter(event=data["event"]).update(text="更正") >= 1


def test_generic_layer_edit_of_an_archived_event_answers_409(w):
    commander = client_for(w["people"]["commander"])
    url = f"/api/layers/events/features/{w['event'].pk}/"
    current = commander.get(url)
    assert current.status_code == 200, current.content
    response = commander.patch(url, {"type": "Feature", "properties": {"title": "改个标题"}},
                               content_type="application/json", HTTP_IF_MATCH=current["ETag"])
    assert_refused(response)


def test_task_writes_answer_409_and_the_overdue_job_leaves_them(db):
    data = worked_event()
    task = Task.objects.filter(event=data["event"], status="assigned").first()
    Task.objects.filter(pk=task.pk).update(deadline=data["event"].reported_at)  # past due, before archiving
    event_transition(event_id=data["event"].pk, transition="archive", user=data["people"]["duty"])
    owner = task.assignee or task.department.members.first()
    response = post(client_for(owner), f"/api/tasks/{task.pk}/transitions/", {"to": "accepted"})
    assert_refused(response)
    assert task.pk not in tasks_mark_overdue()


def test_instruction_writes_answer_409(w):
    pytest.importorskip("geo_api.command.models")
    from django.apps import apps

    if not apps.is_installed("geo_api.command") or not any(
            m.__name__ == "Instruction" for m in apps.get_app_config("command").get_models()):
        pytest.skip("the command app has no instructions")
    response = post(client_for(w["people"]["commander"]), f"/api/events/{w['event'].pk}/instructions/",
                    {"text": "撤离", "priority": "urgent", "to_everyone": True})
    assert response.status_code == 409, response.content
