"""The command page carries its event and rings (issue 10, numbers): the map is made from them at
once, centred on the event, while /api/events/{id}/nearby/ and the board are still being read
(map_client/src/command/first-draw.js). The event is the one the API publishes to this user; a
person the page refuses gets the reason and no event."""
import json
import re

import pytest
from django.test import Client

from geo_api.command.selectors import RINGS_M
from tests import factories
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db
CONFIG = re.compile(r'<script id="onemap-config" type="application/json">(.*?)</script>', re.S)


def page_config(client, path):
    response = client.get(path)
    match = CONFIG.search(response.content.decode())
    assert match, response.content[:300]
    return response.status_code, json.loads(match.group(1))


def signed_in(username, *roles):
    client = Client()
    client.force_login(user_with_roles(username, *roles))
    return client


def test_the_page_carries_the_event_as_the_api_publishes_it_and_the_rings():
    event = factories.event(3, title="仙霞路火灾")
    client = signed_in("chief", "commander")
    status, config = page_config(client, f"/command/{event.pk}/")
    assert status == 200
    assert config["eventId"] == event.pk
    assert config["rings"] == list(RINGS_M)
    published = client.get(f"/api/layers/events/features/{event.pk}/").json()
    assert config["event"]["id"] == published["id"] == event.pk
    assert config["event"]["geometry"]["coordinates"] == pytest.approx([121.40, 31.213])
    assert config["event"]["properties"] == published["properties"]
    assert config["event"]["properties"]["title"] == "仙霞路火灾"


@pytest.mark.parametrize("path", ["/command/{pk}/", "/command/999999/"])
def test_a_refused_page_says_why_and_carries_no_event(path):
    event = factories.event(0)
    status, config = page_config(signed_in("nobody"), path.format(pk=event.pk))
    assert status in (403, 404)
    assert config["denied"] and "event" not in config
