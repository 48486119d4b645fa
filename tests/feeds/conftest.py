"""Feeds tests: an agency account with a write token and push grants, the streets of Changning
with their real codes, and helpers to push a payload as an agency does."""
import pytest
from django.test import Client

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


def simulated(feed, now=None) -> bytes:
    """What the agency's simulator serves (GET /simulators/<feed>/)."""
    response = Client().get(f"/simulators/{feed}/")
    assert response.status_code == 200, response.content[:300]
    return response.content
