import base64

import pytest
from django.test import Client

from tests.conftest import user_with_roles

PASSWORD = "correct-horse-battery"


@pytest.fixture
def as_role(db):
    """A signed-in test client for a new user holding `roles` (none: signed in without a role)."""
    made = {}

    def make(*roles, name=None):
        name = name or "_".join(roles) or "no_role"
        user = made.get(name) or user_with_roles(name, *roles)
        made[name] = user
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def basic_client(db):
    """A desktop GIS client (QGIS): HTTP Basic, no session, no CSRF token."""

    def make(*roles, name):
        user_with_roles(name, *roles)
        auth = "Basic " + base64.b64encode(f"{name}:{PASSWORD}".encode()).decode()
        return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=auth)

    return make
