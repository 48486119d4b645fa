"""Role by role: who reads cases and replays (the events layer's readers, with its row filter) and
who evaluates plans (duty desk, commander, administrator). Restates the rules so a change to them
is a conscious one."""
import pytest
from django.test import Client

from geo_api.cases.models import Case
from tests.conftest import user_with_roles

from .world import client_for, post, worked_event

pytestmark = pytest.mark.django_db

# role → (cases list, case detail, replay, evaluations list, case page)
EXPECTED = {
    "duty_officer": (200, 200, 200, 200, 200),
    "commander": (200, 200, 200, 200, 200),
    "administrator": (200, 200, 200, 200, 200),
    "department_liaison": (200, 200, 200, 403, 200),
    "field_responder": (200, 200, 200, 403, 200),
    "shelter_staff": (200, 200, 200, 403, 200),
    "gis_analyst": (200, 200, 200, 403, 200),
    "law_enforcement": (200, 200, 200, 403, 200),
    # Other agencies' systems read major events only (Ⅰ, Ⅱ): this Ⅲ case is not theirs.
    "external_agency": (200, 404, 404, 403, 404),
}


@pytest.fixture
def w(db):
    return worked_event()


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_by_role(w, role):
    case = Case.objects.get(event=w["event"])
    client = client_for(user_with_roles(f"u_{role}", role))
    got = (client.get("/api/cases/").status_code, client.get(f"/api/cases/{case.pk}/").status_code,
           client.get(f"/api/events/{w['event'].pk}/replay/").status_code,
           client.get(f"/api/plans/{w['plan']['id']}/evaluations/").status_code,
           client.get(f"/cases/{case.pk}/").status_code)
    assert got == EXPECTED[role]
    if role == "external_agency":
        assert client.get("/api/cases/").json()["count"] == 0
        assert client.get("/cases/").status_code == 200


def test_anonymous_and_roleless(w):
    case = Case.objects.get(event=w["event"])
    anonymous = Client()
    assert anonymous.get("/api/cases/").status_code == 401
    assert anonymous.get(f"/api/events/{w['event'].pk}/replay/").status_code == 401
    assert anonymous.get(f"/cases/{case.pk}/")["Location"].startswith("/accounts/login/")
    assert anonymous.get(f"/cases/{case.pk}/replay/")["Location"].startswith("/accounts/login/")
    assert post(anonymous, f"/api/plans/{w['plan']['id']}/evaluations/", {}).status_code == 401
    nobody = client_for(user_with_roles("nobody"))
    assert nobody.get("/api/cases/").status_code == 403
    assert nobody.get("/cases/").status_code == 403


def test_a_major_case_is_read_by_other_agencies(db):
    w = worked_event(severity=2, title="重大危险化学品泄漏")
    case = Case.objects.get(event=w["event"])
    external = client_for(user_with_roles("agency", "external_agency"))
    assert [r["id"] for r in external.get("/api/cases/").json()["results"]] == [case.pk]
    assert external.get(f"/api/cases/{case.pk}/").status_code == 200


def test_evaluation_post_for_non_planners_is_403(w):
    for role in ("department_liaison", "field_responder", "external_agency"):
        client = client_for(user_with_roles(f"p_{role}", role))
        assert post(client, f"/api/plans/{w['plan']['id']}/evaluations/", {"activation": 1}).status_code == 403
