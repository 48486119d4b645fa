"""An archived event is read-only with its case: every write to the event, its reports, its tasks
and its instructions answers 409 with a message, whatever the route; reads still work."""
import pytest
from django.db import transaction

from geo_api.cases.models import Case
from geo_api.common.errors import Conflict
from geo_api.incidents.models import Event, EventReport
from geo_api.incidents.services import event_transition
from geo_api.tasks.models import Task
from geo_api.tasks.services import tasks_mark_overdue

from .world import client_for, post, worked_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    data = worked_event()
    event_transition(event_id=data["event"].pk, transition="archive", user=data["people"]["duty"])
    data["event"].refresh_from_db()
    return data


def assert_refused(response):
    assert response.status_code == 409, response.content
    body = response.json()
    message = body.get("detail") or body.get("message") or ""
    assert "归档" in message or "archived" in message or "已归档" in str(body), body


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


def test_the_guard_refuses_any_orm_write_with_a_message(w):
    event = Event.objects.get(pk=w["event"].pk)
    event.title = "改个标题"
    with pytest.raises(Conflict) as refused:
        event.save()
    assert event.code in refused.value.message
    report = EventReport.objects.filter(event=event).first()
    report.text = "改写"
    with pytest.raises(Conflict):
        report.save()
    assert Event.objects.get(pk=event.pk).title == "虹桥路危险化学品泄漏"
    # Django deletes inside atomic(savepoint=False): a refusal there spoils the caller's transaction,
    # which is rolled back anyway; here a savepoint of our own keeps the test's.
    with pytest.raises(Conflict), transaction.atomic():
        report.delete()
    assert EventReport.objects.filter(pk=report.pk).exists()


def test_generic_layer_edit_of_an_archived_event_answers_409(w):
    commander = client_for(w["people"]["commander"])
    url = f"/api/layers/events/features/{w['event'].pk}/"
    current = commander.get(url)
    assert current.status_code == 200, current.content
    response = commander.patch(url, {"type": "Feature", "properties": {"title": "改个标题"}},
                               content_type="application/json", HTTP_IF_MATCH=current["ETag"])
    assert_refused(response)


def test_task_writes_answer_409_and_the_overdue_job_leaves_them(w):
    task = Task.objects.filter(event=w["event"], status="assigned").first()
    owner = task.assignee or task.department.members.first()
    response = post(client_for(owner), f"/api/tasks/{task.pk}/transitions/", {"to": "accepted"})
    assert_refused(response)
    Task.objects.filter(pk=task.pk).update(deadline=w["event"].reported_at)  # past due (a bulk write, as a test)
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
