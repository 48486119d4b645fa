"""The command view (/command/<event_id>/) on the wall layout 主中间，次两边: centred on the event with
500 m / 1 km / 3 km rings and the nearest lists; side columns that grow with the screen (1920×1080
and 3840×1080, screenshots) without cutting names; a clear refusal for people who may not; shelters
opened for the event with the room left, live over the socket."""
import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point

from tests import factories
from tests.conftest import user_with_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Names as long as the demo data's longest (a street-level shelter and a hazardous-chemicals firm).
LONG_SHELTER = "长宁区新泾镇北翟路应急避难场所（中心绿地）"
LONG_ENTERPRISE = "上海长宁化工原料经营有限公司仙霞路危险化学品仓储点"


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
    page.wait_idle(timeout=90)
    centre = page.js("(() => { const c = window.onemapTestHook.map.getCenter(); return [c.lng, c.lat]; })()")
    assert centre == pytest.approx([121.40, 31.21], abs=2e-3)
    rings = page.js("window.onemapTestHook.map.querySourceFeatures('rings').map(f => f.properties.radius).sort((a, b) => a - b)")
    assert sorted(set(rings)) == [500, 1000, 3000]
    drawn = set(page.js("window.onemapTestHook.map.queryRenderedFeatures().map(f => f.layer.id)"))
    assert {"rings-line", "rings-label", "event-centre", "events--0"} <= drawn, drawn
    labels = page.js("window.onemapTestHook.map.queryRenderedFeatures({layers: ['rings-label']}).map(f => f.properties.label).sort()")
    assert labels == ["1公里", "3公里", "500米"]

    shelters = page.locator(".nearby-group[data-layer=shelters] .nearby-item")
    shelters.first.wait_for()  # the nearest lists fill their panel when they come, not before the map
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
    page.allow_console(r"status of 404")  # the unknown event, asked for on purpose
    page.login("commander1", next_path="/command/999999/")
    page.locator(".fatal").wait_for()
    assert "未找到该事件" in page.locator(".fatal").inner_text()
    page.shot("command-unknown-event")


def test_someone_who_may_not_read_events_is_told_why(page, incident):
    page.allow_console(r"status of 403")  # the refusal this test provokes
    user_with_roles("nobody_in_particular")  # signed in, no role: may not read events
    page.login("nobody_in_particular", next_path=f"/command/{incident.pk}/")
    page.locator(".fatal").wait_for()
    text = page.locator(".fatal").inner_text()
    assert "无权打开指挥视图" in text and "管理员" in text, text
    assert not page.js("!!(window.onemapTestHook && window.onemapTestHook.map)"), "no map for a refused user"
    page.shot("command-refused")


LAYOUT = """() => {
  const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width }; };
  const map = window.onemapTestHook.map;
  const cut = [...document.querySelectorAll('#map .maplibregl-ctrl-top-left *, #map .maplibregl-ctrl-top-right *')]
    .filter((el) => el.children.length === 0 && el.textContent.trim())
    .filter((el) => { const s = getComputedStyle(el); return s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1; })
    .map((el) => el.textContent);
  const wrapped = [...document.querySelectorAll('.nearby-name')].filter((el) => el.getClientRects().length > 1).map((el) => el.textContent);
  return { left: box('#map .maplibregl-ctrl-top-left'), right: box('#map .maplibregl-ctrl-top-right'),
    padding: map.getPadding(), canvas: map.getCanvas().getBoundingClientRect().width, viewport: window.innerWidth,
    font: parseFloat(getComputedStyle(document.querySelector('.event-card')).fontSize), cut, wrapped };
}"""


def test_side_columns_grow_with_the_screen_and_never_cut_names(make_page, incident):
    factories.shelter(9, x=121.401, y=31.2115, name=LONG_SHELTER)
    factories.enterprise(9, geom=Point(121.402, 31.211, srid=4326), name=LONG_ENTERPRISE)
    seen = {}
    for width in (1920, 3840):
        page = make_page(width=width, height=1080)
        page.login("commander1", next_path=f"/command/{incident.pk}/")
        page.wait_idle(timeout=180)  # a 3840 px canvas in software WebGL takes a while on a busy machine
        page.locator(".nearby-item", has_text=LONG_SHELTER).wait_for()
        page.wait("window.onemapTestHook.command.state.boardLoads > 0 || window.onemapTestHook.command.state.boardMissing")
        page.settle()
        layout = page.js(LAYOUT)
        seen[width] = layout
        assert layout["cut"] == [], f"text cut off at {width}: {layout['cut']}"
        assert layout["canvas"] == pytest.approx(layout["viewport"], abs=1), "the map fills the viewport natively"
        # The camera's padding is the columns: the centre of the map is the visible centre, and
        # labels are placed between the columns.
        assert layout["padding"]["left"] == pytest.approx(layout["left"]["right"], abs=3)
        assert layout["padding"]["right"] == pytest.approx(width - layout["right"]["left"], abs=3)
        centre = page.js("(() => { const c = window.onemapTestHook.map.getCenter(); return [c.lng, c.lat]; })()")
        assert centre == pytest.approx([121.40, 31.21], abs=2e-3)
        page.shot(f"command-{width}x1080")
        assert page.errors == []
    assert seen[3840]["left"]["width"] > 1.6 * seen[1920]["left"]["width"], seen
    assert seen[3840]["right"]["width"] > 1.6 * seen[1920]["right"]["width"], seen
    assert seen[3840]["font"] > seen[1920]["font"], "text grows with the columns"
    assert 280 <= seen[1920]["left"]["width"] <= 420, "readable, not crowding the map at 16:9"
    assert seen[3840]["wrapped"] == [], "at 32:9 every nearby name fits on one line"


def test_shelter_room_left_updates_live_and_says_full(page, incident):
    from geo_api.shelters.services.openings import movement_record, opening_open

    chief = User.objects.get(username="commander1")
    shelter = factories.shelter(7, x=121.4005, y=31.2105, name="天山公园避难场所", capacity=40)
    opening = opening_open(user=chief, event_id=incident.pk, shelter_id=shelter.pk)
    movement_record(user=chief, event_id=incident.pk, opening_id=opening.pk, kind="arrival", count=10)

    page.login("commander1", next_path=f"/command/{incident.pk}/")
    page.wait_idle()
    item = page.locator(f".cmd-panel[data-panel=shelters] .shelter[data-id='{opening.pk}']")
    item.wait_for()
    assert item.get_attribute("data-remaining") == "30"
    assert "剩余 30" in item.inner_text() and "10/40" in item.inner_text()
    page.wait("window.onemapTestHook.live && window.onemapTestHook.live.mode === 'socket'", message="the socket never opened")

    movement_record(user=chief, event_id=incident.pk, opening_id=opening.pk, kind="arrival", count=30)
    page.wait(f"document.querySelector(\".shelter[data-id='{opening.pk}']\").dataset.full === '1'", timeout=15,
              message="the shelter never turned full on the page")
    assert "已满" in item.inner_text() and "40/40" in item.inner_text()
    assert any("shelter_opening" in str(payload) for _, payload in page.frames), "it came over the socket"
    page.shot("command-shelter-full")
    assert page.errors == []


def test_an_instruction_sent_from_the_page_is_acknowledged_live_over_the_socket(page, incident):
    import json

    from django.test import Client

    from geo_api.responders.models import Responder

    commander = user_with_roles("zhang_commander", "commander")
    commander.first_name = "张指挥"
    commander.save()
    field = user_with_roles("li_responder", "field_responder")
    Responder.objects.create(name="李队员", organization="长宁区消防救援支队", on_duty=True, user=field)

    page.login("zhang_commander", next_path=f"/command/{incident.pk}/")
    page.wait_idle(timeout=90)
    panel = page.locator(".cmd-panel[data-panel=instructions]")
    panel.wait_for()
    page.wait("window.onemapTestHook.live && window.onemapTestHook.live.mode === 'socket'", message="the socket never opened")
    panel.locator("textarea[name=text]").fill("请立即封控仙霞路路口")
    panel.locator("select[name=kind]").select_option("user")
    panel.locator("select[name=target]").select_option(label="李队员")
    panel.locator("select[name=priority]").select_option("urgent")
    panel.locator("button[type=submit]").click()
    item = panel.locator(".instruction", has_text="请立即封控仙霞路路口")
    item.wait_for()
    assert "紧急" in item.inner_text()
    recipient = item.locator(".recipient").first  # the one person it was sent to
    assert recipient.get_attribute("data-acked") == "0" and "未确认" in recipient.inner_text()
    page.shot("command-instruction-sent")
    instruction_id = int(item.get_attribute("data-id"))

    # The responder acknowledges from their phone (the API); the commander's page learns it live.
    loads_before = page.js("window.onemapTestHook.command.state.boardLoads")
    frames_before = len(page.frames)
    started = page.js("performance.now()")
    client = Client()
    client.force_login(field)
    response = client.post(f"/api/instructions/{instruction_id}/acknowledge/", json.dumps({"note": "收到"}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    page.wait(f"document.querySelector(\".instruction[data-id='{instruction_id}'] .recipient\").dataset.acked === '1'",
              timeout=20, message="the acknowledgement never appeared on the page")
    assert "✓" in recipient.inner_text() and "已确认 1/1" in item.inner_text()
    assert page.js("window.onemapTestHook.command.state.boardLoads") > loads_before
    acks = [payload for _, payload in page.frames[frames_before:] if "instruction_ack" in str(payload)]
    assert acks, "the acknowledgement came over the socket"
    assert page.js("window.onemapTestHook.live.mode") == "socket"
    polls = page.js("""(t) => performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/api/changes/') && e.startTime > t).length""", started)
    assert polls == 0, "no poll was needed"
    # The form is not reloaded: the page is the same document (no navigation happened).
    page.shot("command-instruction-acknowledged")
    assert page.errors == []
