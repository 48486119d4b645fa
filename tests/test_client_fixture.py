"""The client's unit tests read map_client/test/fixtures/api-layers.json; it must be what the
server's /api/layers/ answers an administrator today, or the client is tested against a fiction."""
import json

import pytest
from django.contrib.auth.models import User

from layers.management.commands.export_client_fixture import FIXTURE, client_fixture

pytestmark = pytest.mark.django_db


def test_fixture_is_what_the_server_sends(client):
    admin = User.objects.create_superuser("fixture-admin", "a@example.invalid", "x")
    client.force_login(admin)
    served = client.get("/api/layers/", HTTP_HOST="127.0.0.1:8000").json()
    committed = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert committed == served, ("map_client/test/fixtures/api-layers.json is out of date: "
                                 "run `.venv/bin/python manage.py export_client_fixture` and commit it")
    assert FIXTURE.read_text(encoding="utf-8") == client_fixture()


def test_fixture_keeps_the_access_levels_and_min_zooms():
    layers = {layer["id"]: layer for layer in json.loads(FIXTURE.read_text(encoding="utf-8"))["layers"]}
    assert {layer["access"] for layer in layers.values()} == {"public", "internal", "restricted"}
    assert layers["cameras"]["minzoom"] > 0
