import json
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from geo_api.responders.models import Responder
from tests.conftest import user_with_roles


def sample(lon=121.40, lat=31.21, seconds_ago=0, **kw):
    at = timezone.now() - timedelta(seconds=seconds_ago)
    return {"client_id": str(uuid.uuid4()), "lon": lon, "lat": lat, "recorded_at": at.isoformat(),
            "accuracy_m": 8, **kw}


def post(client, body, path="/api/positions/", **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def field(db):
    """A signed-in field responder on duty, linked to a Responder row."""
    def make(name="p_field", on_duty=True):
        user = user_with_roles(name, "field_responder")
        responder = Responder.objects.create(name=f"队员{name}", organization="长宁区应急管理局", on_duty=on_duty,
                                             user=user)
        client = Client()
        client.force_login(user)
        client.user, client.responder = user, responder
        return client
    return make
