"""The sample payloads in etl/feeds/samples/ (documented in etl/feeds/README.md) are what the
adapters read: each JSON sample pushes cleanly, and the CAP samples tell one story — an alert
(bilingual, geocodes), its update, a multi-polygon + circle alert and the cancel of the update."""
from pathlib import Path

import pytest

from etl.feeds.models import FeedMessage
from geo_api.warnings.models import Warning

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "etl" / "feeds" / "samples"


@pytest.fixture
def changning(db):
    """The ten streets with their real codes (data/generate/districts.py), as squares."""
    from data.generate.districts import DISTRICTS
    from tests import factories

    return [factories.district(i, code=s.code, name=s.name) for i, s in enumerate(DISTRICTS)]


def test_json_samples_apply(push, changning):
    for feed in ("warehouse-sites", "warehouse-stock", "cameras", "duty-info", "alarms"):
        response = push(feed, (SAMPLES / f"{feed}.json").read_bytes())
        assert response.status_code == 202, (feed, response.json())
        assert {i["state"] for i in response.json()["items"]} == {"applied"}, feed
    assert not FeedMessage.objects.filter(state="dead").exists()


def test_cap_samples_tell_their_story(push, changning):
    for name in ("alert", "update", "polygons", "cancel"):
        body = (SAMPLES / f"weather-warnings-{name}.xml").read_bytes()
        response = push("weather-warnings", body, "application/cap+xml")
        assert response.status_code == 202, (name, response.json())
    states = set(Warning.objects.values_list("event_name", "msg_type", "state", "level"))
    assert states == {("大风", "Alert", "superseded", 4), ("大风", "Update", "cancelled", 3),
                      ("道路结冰", "Alert", "active", 3)}
    alert = Warning.objects.get(msg_type="Alert", event_name="大风")
    assert [i["language"] for i in alert.other_infos] == ["en-US"]
    from django.contrib.gis.geos import Point

    icing = Warning.objects.get(event_name="道路结冰")
    # Two polygons and a circle (which overlaps the second polygon, so they merge): all kept.
    assert icing.geom.num_geom == 2
    for x, y in ((121.40, 31.208), (121.365, 31.218), (121.345, 31.197), (121.345, 31.222)):
        assert icing.geom.contains(Point(x, y, srid=4326)), (x, y)
