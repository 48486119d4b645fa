"""From the event page, a duty officer sees the plans ranked for a verified event with each rule's
reason, the wrong-type plan excluded with its reason, and activates the right one at level Ⅲ; the
tasks appear on the event's timeline. Screenshots of the panel before and after."""
import pytest

from geo_api.incidents.models import Event
from geo_api.plans.services import plan_import
from geo_api.tasks.models import Task
from tests import factories
from tests.plans import world as plans_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(transactional_db):
    made = plans_world.world()
    admin = made["people"]["admin"]
    right = plan_import(data=plans_world.plan_document(), user=admin)
    wrong = plan_import(data=plans_world.plan_document(code="CN-ZX-FLOOD", title="长宁区防汛防台专项预案",
                                                       event_types=("暴雨",)), user=admin)
    street = made["street"]
    centre = street.geom.centroid
    event = factories.event(status="verified", category="ACCIDENT", event_type="危险化学品泄漏", severity=3,
                            title="虹桥街道危化品泄漏", district=street, geom=centre)
    return {"event": event, "right": right.plan, "wrong": wrong.plan}


def test_the_duty_officer_activates_the_ranked_plan_from_the_event_page(make_page, scene):
    event = scene["event"]
    page = make_page(width=1600, height=1100).login("duty", next_path=f"/desk/events/{event.id}/")
    panel = page.page.locator("[data-testid=plan-matches]")
    panel.locator(f"[data-plan='{scene['right'].id}']").wait_for()
    matches = panel.locator("article.plans-match")
    assert matches.first.get_attribute("data-plan") == str(scene["right"].id)
    assert matches.first.get_attribute("data-matched") == "1"
    excluded = panel.locator(f"[data-plan='{scene['wrong'].id}']")
    assert excluded.get_attribute("data-matched") == "0"
    failed = excluded.locator("li.is-failed[data-rule=type]")
    assert failed.count() == 1 and failed.inner_text().strip()  # the reason is said, in words
    assert matches.first.locator("li[data-rule=type]").inner_text().strip()
    page.shot("plan-matches")

    marker = page.js("(() => { window.pageMarker = 1; return 1; })()")  # survives only without a reload
    form = matches.first.locator("form.plans-activate")
    form.locator("select[name=response_level]").select_option("3")
    form.locator("input[name=reason]").fill("较大危化品泄漏，启动三级响应")
    form.locator("[data-testid=activate]").click()
    page.page.locator("[data-testid=activation-message]").wait_for()
    assert page.js("window.pageMarker") == marker
    page.shot("plan-activated")

    tasks = Task.objects.filter(activation__event_id=event.id)
    assert tasks.count() == 3  # level Ⅲ: two actions, the second for a department and a person
    assert Event.objects.get(pk=event.pk).response_level == 3
