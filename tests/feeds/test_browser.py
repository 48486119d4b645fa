"""In a real browser: the wall's silent-feed badge for a duty officer (none for a visitor), the
/feeds/ page it links to, and a dead letter fixed and replayed there without a reload."""
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from etl.feeds import registry
from etl.feeds.models import FeedMessage, FeedStatus
from etl.feeds.services import message_process, message_receive
from geo_api.reference.models import Camera
from tests import factories
from tests.browser.conftest import _orm_beside_playwright, browser, make_page  # noqa: F401 (fixtures)

from .conftest import simulated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def feeds_state(transactional_db):
    """Every feed heard from just now, except the weather warnings: 75 minutes ago (interval 30)."""
    factories.district(1)
    user = User.objects.create_user("duty_officer", password=PASSWORD)
    user.groups.add(Group.objects.get(name="duty_officer"))
    now = timezone.now()
    for adapter in registry.adapters():
        late = adapter.name == "weather-warnings"
        FeedStatus.objects.create(feed=adapter.name, last_contact_at=now - timedelta(minutes=75 if late else 0))
    items = json.loads(simulated("cameras"))["items"][:2]
    items[0]["kind"] = "球机"
    envelope, _ = message_receive(feed="cameras", raw=json.dumps({"items": items}, ensure_ascii=False),
                                  content_type="application/json", via="push")
    message_process(message_id=envelope.pk)
    return FeedMessage.objects.get(parent=envelope, state="dead")


def test_silent_feed_badge_page_and_replay(make_page, feeds_state):
    visitor = make_page(width=1600, height=900)
    visitor.open("/")
    visitor.wait_idle()
    assert visitor.locator("[data-testid=feeds-alert]").is_hidden()

    page = make_page(width=1920, height=1080)
    page.login("duty_officer")
    page.wait_idle()
    page.wait("() => { const el = document.querySelector('[data-testid=feeds-alert]'); return el && !el.hidden; }",
              message="no silent-feed badge")
    badges = page.locator(".feeds-badge")
    assert badges.count() == 1
    text = badges.first.inner_text()
    assert text.startswith("数据接入中断: 气象预警 (") and "分钟无数据" in text, text
    page.shot("feeds-wall-badge")

    badges.first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/feeds/")
    assert page.locator("tr[data-feed=weather-warnings]").get_attribute("data-silent") == "1"
    assert page.locator("tr[data-feed=cameras]").get_attribute("data-silent") == "0"
    card = page.locator(f"#dead-{feeds_state.pk}")
    assert "kind" in card.inner_text()
    page.js("() => { window.__notReloaded = true; }")
    raw = json.loads(card.locator("textarea").input_value())
    raw["kind"] = "dome"
    card.locator("textarea").fill(json.dumps(raw, ensure_ascii=False))
    card.locator("button[type=submit]").click()
    page.wait(f"() => document.querySelector('#dead-{feeds_state.pk}').dataset.state === 'applied'",
              message="the replayed card never showed applied")
    assert page.js("() => window.__notReloaded === true"), "the page reloaded"
    assert Camera.objects.filter(kind="dome").count() >= 1
    page.shot("feeds-desk")
    assert not page.errors and not visitor.errors, page.errors + visitor.errors
