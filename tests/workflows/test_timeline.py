"""The timeline: append-only at the database level, one query for everything about an event."""
import pytest
from django.db import DatabaseError, connection, transaction

from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.selectors import entry_json, timeline_for, timeline_for_event
from geo_api.timeline.services import timeline_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(db):
    return timeline_record(subject=factories.event(1), kind=TimelineEntry.Kind.NOTE, actor=None, reason="值班记录")


@pytest.mark.parametrize("statement", [
    "UPDATE timeline_timelineentry SET reason = 'rewritten' WHERE id = %s",
    "DELETE FROM timeline_timelineentry WHERE id = %s",
])
def test_the_database_refuses_to_change_an_entry(entry, statement):
    with pytest.raises(DatabaseError, match="the timeline cannot be changed"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert TimelineEntry.objects.get(pk=entry.pk).reason == "值班记录"


def test_the_orm_cannot_change_or_delete_one_either(entry):
    entry.reason = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        TimelineEntry.objects.filter(pk=entry.pk).delete()
    assert TimelineEntry.objects.filter(pk=entry.pk, reason="值班记录").exists()


def test_everything_about_an_event_and_each_subject_apart(entry):
    event = factories.event(2)
    hazard = factories.hazard(2)
    own = timeline_record(subject=event, kind=TimelineEntry.Kind.CHECK_IN, actor=None)
    about = timeline_record(subject=hazard, kind=TimelineEntry.Kind.REPORT, actor=None, event_id=event.pk,
                            payload={"photos": 2})
    assert list(timeline_for_event(event.pk)) == [own, about]
    assert list(timeline_for(hazard)) == [about]
    assert list(timeline_for(event)) == [own]
    shown = entry_json(about)
    assert shown["subject"] == {"type": "supervision.hazard", "id": hazard.pk}
    assert shown["actor"] == {"id": None, "label": "system"} and shown["payload"] == {"photos": 2}
    assert shown["at"].endswith("+08:00") and len(shown["at_display"]) == 16


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(ValueError):
        timeline_record(subject=factories.event(3), kind="gossip", actor=None)
