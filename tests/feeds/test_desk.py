"""/feeds/ (数据接入): status table, dead letters with their error, fix-and-replay through htmx."""
import json

import pytest

from geo_api.reference.models import Camera

from .conftest import simulated

pytestmark = pytest.mark.django_db


def test_page_shows_status_and_dead_letters_and_replays_a_fix(as_role, push, streets):
    items = json.loads(simulated("cameras"))["items"][:2]
    items[0]["kind"] = "360度"
    dead_id = push("cameras", json.dumps({"items": items}, ensure_ascii=False)).json()["items"][0]["id"]
    officer = as_role("duty_officer")
    page = officer.get("/feeds/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-feed="') == 6 and 'data-feed="cameras" data-silent="0"' in html
    assert 'data-feed="duty-info" data-silent="1"' in html
    assert f'id="dead-{dead_id}"' in html and "kind" in html and "Fix and replay" in html or "修正并重放" in html
    raw = json.loads(officer.get(f"/api/feeds/messages/{dead_id}/").json()["raw"])
    raw["kind"] = "dome"
    card = officer.post(f"/feeds/messages/{dead_id}/replay/", {"raw": json.dumps(raw, ensure_ascii=False)},
                        HTTP_HX_REQUEST="true")
    assert card.status_code == 200
    assert 'data-state="applied"' in card.content.decode()
    assert Camera.objects.get(code=raw["code"]).kind == "dome"


def test_a_fix_that_is_still_wrong_stays_dead_with_the_new_error(as_role, push, streets):
    items = json.loads(simulated("cameras"))["items"][:1]
    items[0]["lat"] = 99
    dead_id = push("cameras", json.dumps({"items": items})).json()["items"][0]["id"]
    items[0]["lat"] = "north"
    card = as_role("administrator").post(f"/feeds/messages/{dead_id}/replay/", {"raw": json.dumps(items[0])})
    assert card.status_code == 200 and 'data-state="dead"' in card.content.decode()
    assert "lat" in card.content.decode()


def test_module_on_the_desk_for_readers_only(as_role):
    assert 'href="/feeds/"' in as_role("duty_officer").get("/desk/").content.decode()
    assert 'href="/feeds/"' not in as_role("warehouse_staff").get("/desk/").content.decode()
    assert as_role("warehouse_staff").get("/feeds/").status_code == 403
