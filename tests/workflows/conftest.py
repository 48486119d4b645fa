import base64

import pytest
from django.test import Client

from tests.conftest import user_with_roles

PASSWORD = "correct-horse-battery"



@pytest.fixture
def basic_client(db):
    """A desktop GIS client (QGIS): HTTP Basic, no session, no CSRF token."""

    def make(*roles, name):
        user_with_roles(name, *roles)
        auth = "Basic " + base64.b64encode(f"{name}:{PASSWORD}".encode()).decode()
        return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=auth)

    return make
