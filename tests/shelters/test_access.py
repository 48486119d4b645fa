"""Role × route for the shelters' own routes (tests/test_access_matrix.py lists them as covered
here). Each cell is probed so that an allowed caller gets a harmless answer (a read, or a 400 / 409
from a body built to fail just after the access check)."""
import json

import pytest
from django.contrib.auth.models import Group, User

from geo_api.accounts.roles import ALL_ROLES, STAFF_ROLES, Role
from tests import factories

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]
ADMINS = {"superuser", Role.ADMINISTRATOR}
STAFF = set(STAFF_ROLES) | {"superuser"}
EVENT_READERS = STAFF | {Role.EXTERNAL_AGENCY}


def who(*roles):
    return set(roles) | ADMINS


def login(client, principal):
    if principal == "anonymous":
        return
    if principal == "superuser":
        user = User.objects.create_superuser("root", password="correct-horse-battery")
    else:
        user = User.objects.create_user(principal, password="correct-horse-battery")
        if principal != "no_role":
            user.groups.add(Group.objects.get(name=principal))
    client.force_login(user)


def refused(principal):
    return 401 if principal == "anonymous" else 403


@pytest.fixture
def world(db):
    shelter = factories.shelter(1)
    event = factories.event(1, severity=2)
    from geo_api.shelters.models import ShelterOpening

    opening = ShelterOpening.objects.create(shelter=factories.shelter(2), event=event, opened_at=event.reported_at,
                                            capacity=10, occupants=10)
    return {"shelter": shelter.pk, "event": event.pk, "opening": opening.pk}


def cells(w):
    s, e, o = w["shelter"], w["event"], w["opening"]
    bad = {"data": json.dumps({"unknown": 1}), "content_type": "application/json"}
    return [
        # (method, url, kwargs, who may, answer when allowed, answer when refused (None: 401/403))
        ("get", "/api/shelters/", {}, None, 200),
        ("get", "/api/shelters/?format=xlsx", {}, None, 200),
        ("get", "/api/shelters/capacity-by-street/", {}, None, 200),
        ("get", "/api/shelters/statistics/", {}, STAFF, 200),
        ("get", "/api/shelters/inspection-plans/", {}, STAFF, 200),
        ("post", "/api/shelters/inspection-plans/", {"data": "{}", "content_type": "application/json"},
         who(Role.SHELTER_STAFF, Role.COMMANDER), 400),
        ("get", f"/api/shelters/{s}/evaluations/", {}, STAFF, 200),
        ("post", f"/api/shelters/{s}/evaluations/", bad, None, 400),  # the body is refused before anything
        ("get", f"/api/shelters/{s}/collection/", {}, STAFF, 200),
        ("post", f"/api/shelters/{s}/collection/", {"data": "{}", "content_type": "application/json"},
         who(Role.SHELTER_STAFF), 400),
        ("post", f"/api/shelters/{s}/photos/", {}, who(Role.SHELTER_STAFF), 400),
        ("get", f"/api/shelters/{s}/inspections/", {}, STAFF, 200),
        ("post", f"/api/shelters/{s}/inspections/", {"data": json.dumps({"findings": "x"}), "content_type": "application/json"},
         who(Role.SHELTER_STAFF, Role.COMMANDER), 400),
        ("post", f"/api/shelters/{s}/transitions/", {"data": json.dumps({"to": "collected"}), "content_type": "application/json"},
         None, 409),
        ("get", "/api/shelters/files/999999/", {}, STAFF, 404),
        ("get", f"/api/events/{e}/shelters/", {}, EVENT_READERS, 200),
        ("post", f"/api/events/{e}/shelters/", {"data": json.dumps({"shelter": "x"}), "content_type": "application/json"},
         who(Role.COMMANDER, Role.DUTY_OFFICER, Role.SHELTER_STAFF), 400),
        ("post", f"/api/events/{e}/shelters/{o}/movements/",
         {"data": json.dumps({"kind": "arrival", "count": 1}), "content_type": "application/json"},
         who(Role.COMMANDER, Role.DUTY_OFFICER, Role.SHELTER_STAFF), 409),  # the shelter is full
        ("post", f"/api/events/{e}/shelters/{o}/close/", {"data": "{}", "content_type": "application/json"},
         who(Role.COMMANDER, Role.DUTY_OFFICER, Role.SHELTER_STAFF), 409),  # people inside
    ]


def expected_for(principal, may, allowed_status, url, method):
    if may is None:
        if method == "post" and url.endswith("/transitions/"):
            # {"to": "collected"} from designated: nobody may; readers get the 409 listing, anonymous 409 too
            return 409
        if method == "post" and url.endswith("/evaluations/"):
            return 400
        return allowed_status
    return allowed_status if principal in may else refused(principal)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_shelter_routes(client, world, principal):
    login(client, principal)
    wrong = []
    for method, url, kwargs, may, allowed_status in cells(world):
        expected = expected_for(principal, may, allowed_status, url, method)
        status = getattr(client, method)(url, **kwargs).status_code
        if status != expected:
            wrong.append(f"{principal} {method.upper()} {url}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
