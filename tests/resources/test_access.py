"""Access matrix of the resources domain's routes: every principal × every route, the expected
answer restated from the rules (resources/access.py: staff read, WRITERS write; the stock API
follows the public `warehouses` layer). Writes are built to fail just after the access check (a
409 or 400), so the matrix changes no data; other agencies reach none of the write routes."""
import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from geo_api.accounts.roles import ALL_ROLES, Role
from geo_api.resources.models import Resource, StockMovement
from tests import factories

from .conftest import make_warehouse, stock

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]
WRITERS = {"superuser", Role.WAREHOUSE_STAFF, Role.DUTY_OFFICER, Role.COMMANDER, Role.GIS_ANALYST, Role.ADMINISTRATOR}
READERS = {"superuser", *(ALL_ROLES - {Role.EXTERNAL_AGENCY})}

# Routes of this domain, as the URL conf names them (tests/test_access_matrix.py KNOWN_ROUTES).
ROUTES = {
    "api/warehouses/nearest/", "api/warehouses/<warehouse_id>/stock/", "api/stock-movements/",
    "resources/", "resources/new/", "resources/<resource_id>/edit/", "resources/<resource_id>/retire/",
    "warehouses/", "warehouses/<warehouse_id>/", "warehouses/<warehouse_id>/movements/",
    "warehouses/<warehouse_id>/levels/",
}


def client_for(principal) -> Client:
    client = Client()
    if principal == "anonymous":
        return client
    if principal == "superuser":
        user = User.objects.create_superuser("root", password="correct-horse-battery")
    else:
        user = User.objects.create_user(principal, password="correct-horse-battery")
        if principal != "no_role":
            user.groups.add(Group.objects.get(name=principal))
    client.force_login(user)
    return client


def desk(principal, group, ok):
    """A desk page: sign-in redirect for anonymous visitors, 403 page for others without the right."""
    if principal == "anonymous":
        return 302
    return ok if principal in group else 403


def cells(principal, w, r):
    overdraw = json.dumps({"kind": "out", "warehouse": w.pk, "material_code": "1010101", "quantity": 999,
                           "reason": "matrix"})
    return [
        ("get", "/api/warehouses/nearest/?material_code=1010101&quantity=1&lon=121.4&lat=31.21", {}, 200),
        ("get", f"/api/warehouses/{w.pk}/stock/", {}, 200),
        ("post", "/api/stock-movements/", {"data": overdraw, "content_type": "application/json"},
         409 if principal in WRITERS else (401 if principal == "anonymous" else 403)),
        ("get", "/resources/", {}, desk(principal, READERS, 200)),
        ("get", "/resources/?format=xlsx", {}, desk(principal, READERS, 200)),
        ("get", "/resources/new/", {}, desk(principal, WRITERS, 200)),
        ("post", "/resources/new/", {"data": {"name": ""}}, desk(principal, WRITERS, 400)),
        ("get", f"/resources/{r.pk}/edit/", {}, desk(principal, WRITERS, 200)),
        ("post", f"/resources/{r.pk}/retire/", {"data": {"reason": ""}}, desk(principal, WRITERS, 400)),
        ("get", "/warehouses/", {}, desk(principal, READERS, 200)),
        ("get", f"/warehouses/{w.pk}/", {}, desk(principal, READERS, 200)),
        ("post", f"/warehouses/{w.pk}/movements/", {"data": {"kind": "out", "material_code": "1010101",
                                                              "quantity": "999", "reason": "matrix"}},
         desk(principal, WRITERS, 409)),
        ("post", f"/warehouses/{w.pk}/levels/", {"data": {"item": "0", "minimum": "1"}}, desk(principal, WRITERS, 400)),
    ]


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_matrix(principal):
    from tests.conftest import user_with_roles

    keeper = user_with_roles("keeper", "warehouse_staff")
    w = make_warehouse(1)
    stock(w, quantity=10, user=keeper)
    r = factories.resource(1)
    client = client_for(principal)
    wrong = []
    for method, url, kwargs, expected in cells(principal, w, r):
        status = getattr(client, method)(url, **kwargs).status_code
        if status != expected:
            wrong.append(f"{principal} {method.upper()} {url}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    assert StockMovement.objects.count() == 1 and not Resource.objects.get(pk=r.pk).retired


def test_every_route_of_the_domain_is_in_this_matrix():
    from tests.test_access_matrix import _routes

    from django.urls import get_resolver

    mine = {r for r in _routes(get_resolver()) if r.startswith(("api/warehouses", "api/stock", "resources/",
                                                                  "warehouses/"))}
    assert mine == ROUTES
