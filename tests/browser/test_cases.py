"""The case library in a browser: the case page with its small map, then the replay — seek to
chosen instants and play at 60×; what the map draws (responders' positions via the test hook and
queryRenderedFeatures) changes with the clock. Screenshots under tests/artifacts/."""
from datetime import timedelta

import pytest

from geo_api.cases.models import Case
from tests.cases.world import worked_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(transactional_db):
    made = worked_event()
    made["case"] = Case.objects.get(event=made["event"])
    return made


def drawn_positions(page):
    return sorted(page.js("""() => window.onemapTestHook.map.queryRenderedFeatures({layers: ['replay-positions']})
        .map(f => f.geometry.coordinates.map(c => Math.round(c * 10000) / 10000).join(','))"""))


def seek(page, at):
    before = page.js("window.onemapTestHook.replay.seeks")
    page.js("(iso) => window.onemapTestHook.replay.seek(iso)", at.isoformat())
    page.wait("(n) => window.onemapTestHook.replay.seeks > n && window.onemapTestHook.replay.shownAt != null", before)
    page.settle()


def test_case_page_then_replay_seek_and_play(make_page, scene):
    case, event = scene["case"], scene["event"]
    page = make_page(width=1920, height=1080).login("commander", next_path=f"/cases/{case.pk}/")
    assert page.page.locator("#case-map path.track").count() == 1
    assert "结束响应" in page.page.content()
    page.shot("case-detail")
    page.page.locator("[data-testid=replay-link]").click()
    try:
        page.wait("window.onemapTestHook && window.onemapTestHook.replay && window.onemapTestHook.replay.seeks >= 1", timeout=60)
    except AssertionError:
        page.shot("replay-failed")
        hook = page.js("JSON.stringify(Object.keys(window.onemapTestHook || {})) + ' ' + JSON.stringify((window.onemapTestHook.replay || {}).seeks)")
        raise AssertionError(f"the replay never drew its first instant: {hook} {page.errors} {page.console[-10:]}") from None
    page.wait_idle()
    assert not page.errors, page.errors

    # Before the first sample: nobody on the map; the event only reported.
    seek(page, scene["t0"] - timedelta(minutes=5))
    assert page.js("window.onemapTestHook.replay.positions") == []
    assert drawn_positions(page) == []
    assert page.page.locator("[data-testid=replay-state]").get_attribute("data-state") == "reported"

    # At t1 the responder is half-way and the event is being responded to.
    seek(page, scene["t1"])
    assert [(p["lon"], p["lat"]) for p in page.js("window.onemapTestHook.replay.positions")] == [
        (pytest.approx(121.405), pytest.approx(31.2025))]
    assert drawn_positions(page) == ["121.405,31.2025"]
    assert page.page.locator("[data-testid=replay-state]").get_attribute("data-state") == "responding"
    assert page.page.locator("[data-testid=replay-list] li[data-task]").count() == 3
    page.shot("replay-seek")

    # Play at 60×: the clock moves on, the follow-up and the last position appear.
    page.page.locator("[data-testid=replay-speed-60]").click()
    page.page.locator("[data-testid=replay-play]").click()
    page.wait("() => window.onemapTestHook.replay.positions.some(p => Math.abs(p.lon - 121.41) < 1e-6)", timeout=40,
              message="the responder never moved while playing")
    assert page.js("window.onemapTestHook.replay.clock().playing") in (True, False)
    page.settle()
    assert drawn_positions(page) == ["121.41,31.205"]
    assert page.page.locator("[data-testid=replay-list] li[data-report]").filter(has_text="封堵").count() == 1
    page.page.locator("[data-testid=replay-play]").click()  # pause
    page.shot("replay-played")

    # The slider seeks too: all the way to the end shows the closed event.
    page.page.locator("[data-testid=replay-slider]").fill("1000")
    page.wait("() => document.querySelector('[data-testid=replay-state]').dataset.state === 'closed'")
    assert not page.errors, page.errors
    page.shot("replay-end")
