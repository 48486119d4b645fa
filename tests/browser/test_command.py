"""The command map (/command/<event_id>/): centred on the event, 500 m / 1 km / 3 km rings, and
the nearest resources, shelters, cameras, enterprises and hazards by server-side distance."""
import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def incident(transactional_db):
    event = factories.event(0, title="仙霞路火灾")  # at 121.40, 31.21
    # Shelters at about 100 m, 700 m and 2 km east of the event, and one 5 km away.
    for i, dx in enumerate([0.00105, 0.0073, 0.021, 0.052]):
        factories.shelter(i, x=121.40 + dx, y=31.21, name=f"避难场所{i}")
    factories.resource(0)
    factories.camera(0)
    factories.enterprise(0, geom=Point(121.405, 31.212, srid=4326))
    factories.hazard(0)
    User.objects.create_superuser("commander1", "c@example.invalid", "correct-horse-battery")
    return event


def test_command_map_shows_rings_and_nearest_lists(page, incident):
    page.login("commander1", next_path=f"/command/{incident.pk}/")
    page.wait_idle()
    centre = page.js("(() => { const c = window.onemapTestHook.map.getCenter(); return [c.lng, c.lat]; })()")
    assert centre == pytest.approx([121.40, 31.21], abs=2e-3)
    rings = page.js("window.onemapTestHook.map.querySourceFeatures('rings').map(f => f.properties.radius).sort((a, b) => a - b)")
    assert sorted(set(rings)) == [500, 1000, 3000]
    drawn = set(page.js("window.onemapTestHook.map.queryRenderedFeatures().map(f => f.layer.id)"))
    assert {"rings-line", "rings-label", "event-centre", "events--0"} <= drawn, drawn
    labels = page.js("window.onemapTestHook.map.queryRenderedFeatures({layers: ['rings-label']}).map(f => f.properties.label).sort()")
    assert labels == ["1公里", "3公里", "500米"]

    shelters = page.locator(".nearby-group[data-layer=shelters] .nearby-item")
    assert shelters.count() == 3, "within 3 km only"
    names = [el.inner_text().split("\n")[0] for el in shelters.all()]
    assert names == ["避难场所0", "避难场所1", "避难场所2"]
    distances = [float(el.get_attribute("data-distance")) for el in shelters.all()]
    assert distances == sorted(distances) and 80 < distances[0] < 120
    assert shelters.first.inner_text().endswith(f"{round(distances[0])} 米")
    for group in ["resources", "cameras", "enterprises", "hazards"]:
        assert page.locator(f".nearby-group[data-layer={group}] .nearby-item").count() == 1, group
    assert page.locator(".event-title").inner_text() == "仙霞路火灾"
    page.shot("command")

    # A list entry flies there and opens its popup.
    shelters.nth(1).click()
    page.locator(".feature-popup[data-layer=shelters]").wait_for()
    assert page.locator(".feature-popup .popup-title").inner_text() == "避难场所1"
    assert page.errors == []


def test_an_unknown_event_says_so(page, incident):
    page.login("commander1", next_path="/command/999999/")
    page.locator(".fatal").wait_for()
    assert "未找到该事件" in page.locator(".fatal").inner_text()
    page.shot("command-unknown-event")
