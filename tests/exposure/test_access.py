"""Exposure routes role by role: the warning is public, each layer is counted only for those who
may read it (tests/exposure/test_exposure.py), the desk page needs a sign-in, remediation tasks
are dispatched by the duty desk and the commander (tests/exposure/test_remediation_tasks.py)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db
ROLES = ("duty_officer", "commander", "department_liaison", "field_responder", "shelter_staff", "warehouse_staff",
         "enterprise_staff", "law_enforcement", "gis_analyst", "external_agency", "administrator")


@pytest.fixture
def warning(db):
    w = f.warning(expires=timezone.now() + timedelta(hours=6))
    f.enterprise(0, geom=f.Point(121.365, 31.205, srid=4326))
    return w


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_exposure_and_its_page(as_role, warning, role):
    client = as_role(role)
    body = client.get(f"/api/warnings/{warning.pk}/exposure/").json()
    internal = role != "external_agency"
    assert (body["counts"]["enterprises"] == 1) if internal else (body["counts"]["enterprises"] is None)
    page = client.get(f"/warnings/{warning.pk}/exposure/")
    assert page.status_code == 200
    assert ('id="exposure-tasks"' in page.content.decode()) == (role in ("duty_officer", "commander", "administrator"))


def test_anonymous_reads_public_layers_but_not_the_desk_page(client, warning):
    assert client.get(f"/api/warnings/{warning.pk}/exposure/").json()["counts"]["enterprises"] is None
    assert client.get(f"/warnings/{warning.pk}/exposure/").status_code == 302
