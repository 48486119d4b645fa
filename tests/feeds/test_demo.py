"""`manage.py load_demo_data`: the demo's warnings and alarms arrive through the feeds (stored
messages, applied by the adapters), and loading again changes nothing."""
from io import StringIO

import pytest
from django.core.management import call_command

from etl.feeds.models import FeedMessage
from geo_api.incidents.models import Event
from geo_api.warnings.models import Warning

pytestmark = pytest.mark.django_db


def test_demo_warnings_and_alarms_come_through_the_feeds():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert "feed weather-warnings" in out.getvalue() and "feed alarms" in out.getvalue()
    warnings = list(Warning.objects.all())
    assert len(warnings) == 4 and all(w.source_message_id for w in warnings)
    assert not {w.event_name for w in warnings} & {"高温", "暴雨", "台风"}
    assert FeedMessage.objects.filter(feed="weather-warnings", via="demo", state="applied").count() == 4
    from_feed = Event.objects.filter(created_by__username="feed-alarms")
    assert from_feed.exists() and set(from_feed.values_list("status", flat=True)) == {"reported"}
    assert not FeedMessage.objects.filter(state="dead").exists()
    # Loading again: already loaded, nothing new.
    events = Event.objects.count()
    call_command("load_demo_data", stdout=StringIO())
    assert Warning.objects.count() == 4 and Event.objects.count() == events
