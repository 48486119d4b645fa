"""Feeds tests: an agency account with a write token and push grants, the streets of Changning
with their real codes, and helpers to push a payload as an agency does."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from etl.feeds import simulators
from etl.feeds.models import FeedGrant
from geo_api.accounts import services as token_services
from tests import factories
from tests.conftest import user_with_roles

FEEDS = ("duty-info", "alarms", "cameras", "weather-warnings", "warehouse-sites", "warehouse-stock")


@pytest.fixture
def streets(db):
    """Ten 4 km squares side by side with the codes 310105000000 … 310105009000 (factories)."""
    return [factories.district(i) for i in range(10)]


@pytest.fixture
def agency(db):
    user = user_with_roles("city_bureau", "external_agency")
    for feed in FEEDS:
        FeedGrant.objects.create(feed=feed, user=user)
    key = token_services.token_create(owner=user, created_by=user, name="bureau", scopes=["read", "write"],
                                      expires_in_days=1)[1]
    return user, key


@pytest.fixture
def push(agency):
    _user, key = agency
    client = Client()

    def send(feed, body, content_type="application/json", key=key):
        if isinstance(body, str):
            body = body.encode("utf-8")
        return client.post(f"/api/feeds/{feed}/messages/", data=body, content_type=content_type,
                           HTTP_AUTHORIZATION=f"Bearer {key}")

    return send


# An evening in the past: every alarm of the day is listed, nothing lies in the future.
SIMULATED_AT = datetime(2026, 11, 28, 21, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def simulated(feed, now=SIMULATED_AT) -> bytes:
    """What the agency's simulator serves at `now` (GET /simulators/<feed>/ serves it at the
    current time: tests/feeds/test_pull.py)."""
    return simulators.payload(feed, now)[0]
