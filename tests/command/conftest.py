"""People, departments and an event for the command tests (explicit rows, nothing from the demo
generator): world() from tests/plans plus a field responder on duty linked to `responder`."""
import json

import pytest
from django.test import Client

from geo_api.incidents.models import Event
from geo_api.responders.models import Responder
from tests import factories
from tests.plans.world import person, world


def client_for(user):
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def post(client, url, body=None, **extra):
    return client.post(url, json.dumps(body if body is not None else {}), content_type="application/json", **extra)


def make_scene(status="verified"):
    w = world()
    w["people"]["other_responder"] = person("other_responder", "field_responder")
    w["people"]["analyst"] = person("analyst", "gis_analyst")
    event = factories.event(1, event_type="危险化学品泄漏", title="虹桥路危险化学品泄漏", severity=3,
                            district=w["street"])
    Event.objects.filter(pk=event.pk).update(status=status)
    event.refresh_from_db()
    w["event"] = event
    w["clients"] = {name: client_for(user) for name, user in w["people"].items()}
    w["anonymous"] = Client()
    return w


@pytest.fixture
def scene(db):
    return make_scene()


def on_duty(user, on=True):
    return Responder.objects.create(name=user.username, organization="长宁区应急管理局", on_duty=on, user=user)
