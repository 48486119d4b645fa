"""Who may push, read and replay (etl/feeds/access.py), role by role."""
import json

import pytest
from django.test import Client

from etl.feeds.models import FeedGrant, FeedMessage
from geo_api.accounts import services as token_services
from geo_api.accounts.roles import Role
from tests.conftest import user_with_roles

from .conftest import simulated

pytestmark = pytest.mark.django_db
READERS = {Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR}
OPERATORS = {Role.DUTY_OFFICER, Role.ADMINISTRATOR}


def _dead_message(push):
    return push("cameras", b"not json").json()["id"]


@pytest.mark.parametrize("role", sorted(Role.values))
def test_status_messages_and_page_by_role(role, as_role, push):
    dead = _dead_message(push)
    client = as_role(role)
    expected = 200 if role in READERS else 403
    assert client.get("/api/feeds/").status_code == expected
    assert client.get("/api/feeds/cameras/messages/?state=dead").status_code == expected
    assert client.get(f"/api/feeds/messages/{dead}/").status_code == expected
    assert client.get("/feeds/").status_code == expected
    replay = client.post(f"/api/feeds/messages/{dead}/replay/", {"raw": '{"items": []}'}, content_type="application/json")
    assert replay.status_code == (200 if role in OPERATORS else 403)
    pull = client.post("/api/feeds/cameras/pull/")
    assert pull.status_code != 403 if role in OPERATORS else pull.status_code == 403


def test_anonymous_is_asked_to_sign_in(push):
    dead = _dead_message(push)
    client = Client()
    for url in ("/api/feeds/", "/api/feeds/cameras/messages/", f"/api/feeds/messages/{dead}/"):
        assert client.get(url).status_code == 401
    assert client.post(f"/api/feeds/messages/{dead}/replay/", {}, content_type="application/json").status_code == 401
    assert client.post("/api/feeds/cameras/messages/", b"{}", content_type="application/json").status_code == 401
    assert client.get("/feeds/").status_code == 302  # the sign-in page


def _token(user, *scopes):
    return token_services.token_create(owner=user, created_by=user, name="t", scopes=list(scopes), expires_in_days=1)[1]


def test_push_needs_an_agency_token_with_write_and_a_grant(db, streets):
    body = simulated("cameras")
    agency = user_with_roles("district_ops", Role.EXTERNAL_AGENCY)
    client = Client()

    def post(key, feed="cameras"):
        return client.post(f"/api/feeds/{feed}/messages/", data=body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")

    assert post(_token(agency, "read")).status_code == 403       # read scope only
    assert post(_token(agency, "write")).status_code == 403      # no grant for this feed
    FeedGrant.objects.create(feed="cameras", user=agency)
    assert post(_token(agency, "write")).status_code == 202
    assert post(_token(agency, "write"), feed="alarms").status_code == 403  # granted cameras only
    # Signed in with a password instead of a token: an agency system always uses its token.
    session = Client()
    session.force_login(agency)
    assert session.post("/api/feeds/cameras/messages/", data=body, content_type="application/json").status_code == 403
    # Staff other than administrators never push.
    officer = user_with_roles("officer", Role.DUTY_OFFICER)
    assert post(_token(officer, "write")).status_code == 403
    assert FeedMessage.objects.filter(parent=None).count() == 1


def test_unknown_feed_is_404(as_role, push):
    assert push("tides", b"{}").status_code == 404
    assert as_role(Role.DUTY_OFFICER).get("/api/feeds/tides/messages/").status_code == 404


def test_feed_list_reports_counts_and_silence(as_role, push, streets):
    items = json.loads(simulated("cameras"))["items"]
    items[0]["lon"] = "east"
    push("cameras", json.dumps({"items": items}, ensure_ascii=False))
    feeds = {f["feed"]: f for f in as_role(Role.DUTY_OFFICER).get("/api/feeds/").json()["feeds"]}
    assert set(feeds) == {"duty-info", "alarms", "cameras", "weather-warnings", "warehouse-sites", "warehouse-stock"}
    cameras = feeds["cameras"]
    assert cameras["counts"] == {"received": 0, "applied": len(items) - 1, "duplicate": 0, "dead": 1}
    assert cameras["silent"] is False and cameras["lag_min"] == 0 and "lon" in cameras["last_error"]
    assert feeds["duty-info"]["silent"] is True and feeds["duty-info"]["last_success"] is None
    assert feeds["cameras"]["title"] == "视频清单" and feeds["cameras"]["interval_min"] == 60


def test_simulators_are_off_unless_enabled(settings, client):
    assert client.get("/simulators/cameras/").status_code == 200
    settings.ONEMAP_FEED_SIMULATORS = False
    assert client.get("/simulators/cameras/").status_code == 404
