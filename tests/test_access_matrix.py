"""Role × endpoint × method: every cell allowed or refused as the registry's declarations say.

The expectations below restate the rules from the registry entries (access level, read_roles,
write_roles) independently of layers/access.py; the routes come from the URL conf, and a route
this matrix does not know fails the coverage test, so new routes must be placed in it."""
import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, URLResolver, get_resolver

from geo_api.accounts.roles import ALL_ROLES, Role
from layers.registry import load_catalog
from tests import factories
from tests.helpers import tile_of

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]
BAD_ETAG = '"stale"'
INTERSECTS_CHANGNING = {"op": "s_intersects", "args": [{"property": "geometry"}, {
    "type": "Polygon", "coordinates": [[[121, 31], [122, 31], [122, 32], [121, 32], [121, 31]]]}]}


def may_read(principal, layer):
    if layer.access == "public" or principal == "superuser":
        return True
    if principal in ("anonymous", "no_role"):
        return False
    readers = set(layer.read_roles) | {Role.ADMINISTRATOR} if layer.read_roles else ALL_ROLES - {Role.EXTERNAL_AGENCY}
    return principal in readers


def may_write(principal, layer):
    if not layer.editable or not may_read(principal, layer):
        return False
    return principal == "superuser" or principal in set(layer.write_roles) | {Role.ADMINISTRATOR}


# Workflow transitions (geo_api/timeline/transitions.py): who may perform the probed transition,
# restated from the models' declarations. The world's rows are in a state the transition cannot
# leave from, so an allowed caller gets the 409 that lists what is possible and no data changes.
WORKFLOW_PROBES = {
    "events": ("respond", {Role.COMMANDER}),          # the event is reported, not yet verified
    "hazards": ("accept", {Role.LAW_ENFORCEMENT}),    # the hazard is registered, not rectified
    "shelters": ("recollect", {Role.SHELTER_STAFF}),  # the shelter is designated, not revoked
}


def may_transition(principal, layer):
    if not may_read(principal, layer):
        return False
    return principal == "superuser" or principal in WORKFLOW_PROBES[layer.id][1] | {Role.ADMINISTRATOR}


def refused(principal):
    return 401 if principal == "anonymous" else 403


def cells(layer, fid, tile):
    z, x, y = tile
    ogc = f"/ogc/collections/{layer.id}"
    api = f"/api/layers/{layer.id}"
    geojson = "application/geo+json"
    bad_feature = json.dumps({"type": "Feature", "geometry": None, "properties": {}})
    workflow = []
    if layer.workflow_fields:
        route = f"/api/{layer.id}/{fid}"
        workflow = [
            ("read", "get", f"{route}/transitions/", {}, 200),
            ("read", "get", f"{route}/timeline/", {}, 200),
            ("transition", "post", f"{route}/transitions/{WORKFLOW_PROBES[layer.id][0]}/",
             {"data": json.dumps({"reason": "matrix"}), "content_type": "application/json"}, 409),
        ]
    return workflow + [
        ("read", "get", f"{ogc}?f=json", {}, 200),
        ("read", "get", f"{ogc}/items?f=json", {}, 200),
        ("read", "post", f"{ogc}/items?f=json", {"data": json.dumps(INTERSECTS_CHANGNING),
                                                 "content_type": "application/query-cql-json"}, 200),
        ("read", "get", f"{ogc}/items/{fid}?f=json", {}, 200),
        ("read", "get", f"{ogc}/queryables?f=json", {}, 200),
        ("read", "get", f"{ogc}/schema?f=json", {}, 200),
        ("read", "get", f"{ogc}/tiles?f=json", {}, 200),
        ("read", "get", f"{ogc}/tiles/WebMercatorQuad/metadata?f=json", {}, 200),
        ("read", "get", f"{ogc}/tiles/WebMercatorQuad?f=json", {}, 200),
        ("read", "get", f"{ogc}/tiles/WebMercatorQuad/{z}/{y}/{x}", {}, 200),
        ("read", "get", f"{api}/features/{fid}/", {}, 200),
        ("read", "get", f"{api}/features/{fid}/history/", {}, 200),
        ("read", "get", f"{api}/schema/", {}, 200),
        # Writes built to fail just after the access check, so the matrix changes no data:
        # an allowed caller gets the validation (400) or version (412) answer.
        ("write", "post", f"{api}/features/", {"data": bad_feature, "content_type": "application/json"}, 400),
        ("write", "patch", f"{api}/features/{fid}/", {"data": bad_feature, "content_type": "application/json",
                                                      "HTTP_IF_MATCH": BAD_ETAG}, 412),
        ("write", "delete", f"{api}/features/{fid}/", {"HTTP_IF_MATCH": BAD_ETAG}, 412),
        ("write", "post", f"{ogc}/items", {"data": bad_feature, "content_type": geojson}, 400),
        ("write", "put", f"{ogc}/items/{fid}", {"data": bad_feature, "content_type": geojson,
                                                "HTTP_IF_MATCH": BAD_ETAG}, 412),
        ("write", "delete", f"{ogc}/items/{fid}", {"HTTP_IF_MATCH": BAD_ETAG}, 412),
    ]


def first_point(geometry):
    coords = geometry.coords
    while isinstance(coords[0], tuple):
        coords = coords[0]
    return coords


@pytest.fixture
def world(db):
    data = factories.one_of_each()
    data["events"].severity = 2  # visible to external agencies' row filter
    data["events"].save()
    return data


def login(client, principal):
    if principal == "anonymous":
        return
    if principal == "superuser":
        user = User.objects.create_superuser("root", password="correct-horse-battery")
    else:
        user = User.objects.create_user(principal, password="correct-horse-battery")
        if principal != "no_role":
            user.groups.add(Group.objects.get_or_create(name=principal)[0])
    client.force_login(user)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_matrix(client, world, principal):
    login(client, principal)
    wrong = []
    for layer in load_catalog().all():
        instance = world[layer.id]
        lon, lat = first_point(instance.geom)
        z = max(14, layer.minzoom)
        tile = (z, *tile_of(lon + 1e-6, lat - 1e-6, z))
        for kind, method, url, kwargs, allowed_status in cells(layer, instance.pk, tile):
            allowed = {"read": may_read, "write": may_write, "transition": may_transition}[kind](principal, layer)
            expected = allowed_status if allowed else refused(principal)
            if kind == "write" and not allowed and not may_read(principal, layer):
                expected = refused(principal)
            status = getattr(client, method)(url, **kwargs).status_code
            if status != expected:
                wrong.append(f"{principal} {method.upper()} {url}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("principal", ["anonymous", "external_agency", "field_responder", "commander"])
def test_lists_and_live_feed_follow_the_same_rules(client, world, principal):
    login(client, principal)
    expected = {layer.id for layer in load_catalog().all() if may_read(principal, layer)}
    assert {c["id"] for c in client.get("/ogc/collections?f=json").json()["collections"]} == expected
    assert {item["id"] for item in client.get("/api/layers/").json()["layers"]} == expected
    changes = client.get("/api/changes/?after=0").json()["changes"]
    assert {c["layer"] for c in changes} <= expected


def test_row_filters_are_anded_with_client_filters(client, world):
    factories.event(9, severity=4, title="一般事件")
    login(client, "external_agency")
    items = client.get("/ogc/collections/events/items?f=json").json()
    assert [f["properties"]["severity"] for f in items["features"]] == [2]
    widened = client.get("/ogc/collections/events/items", {"filter": "severity > 0 OR severity = 4", "f": "json"})
    assert [f["properties"]["severity"] for f in widened.json()["features"]] == [2]
    assert client.get("/api/search/", {"q": "一般事件"}).json()["results"] == []


def test_field_responders_see_colleagues_on_duty_only(client, world):
    factories.responder(5, on_duty=False)
    login(client, "field_responder")
    positions = client.get("/ogc/collections/personnel_positions/items?f=json").json()["features"]
    assert [p["properties"]["on_duty"] for p in positions] == [True]


KNOWN_ROUTES = {
    # layer routes: exercised cell by cell above
    "ogc/collections/<cid>", "ogc/collections/<cid>/items", "ogc/collections/<cid>/items/<item_id>",
    "ogc/collections/<cid>/queryables", "ogc/collections/<cid>/schema", "ogc/collections/<cid>/tiles",
    "ogc/collections/<cid>/tiles/<matrix_id>", "ogc/collections/<cid>/tiles/<matrix_id>/metadata",
    "ogc/collections/<cid>/tiles/<matrix_id>/<z>/<y>/<x>",
    "api/layers/<layer_id>/features/", "api/layers/<layer_id>/features/<feature_id>/",
    "api/layers/<layer_id>/features/<feature_id>/history/", "api/layers/<layer_id>/schema/",
    "api/events/<event_id>/transitions/", "api/events/<event_id>/transitions/<name>/",
    "api/events/<event_id>/timeline/", "api/hazards/<hazard_id>/transitions/",
    "api/hazards/<hazard_id>/transitions/<name>/", "api/hazards/<hazard_id>/timeline/",
    "api/shelters/<shelter_id>/transitions/", "api/shelters/<shelter_id>/transitions/<name>/",
    "api/shelters/<shelter_id>/timeline/",
    # lists filtered by the same rules: test_lists_and_live_feed_follow_the_same_rules, test_access.py
    "ogc", "ogc/", "ogc/collections", "ogc/openapi", "ogc/conformance", "ogc/[Tt]ileMatrixSets",
    "ogc/[Tt]ileMatrixSets/<tilematrixset_id>", "ogc/static/<path>", "api/layers/", "api/changes/",
    "api/health/",  # public liveness; details for staff only (tests/jobs/)
    "api/stats/", "api/search/", "api/events/<event_id>/nearby/",  # test_wall_api.py
    "api/schema/", "admin/", "i18n/",
    "api/health/",  # open to all; error details for staff only: tests/jobs/test_worker.py
    # pages: test_pages_follow_the_same_rules below
    "", "command/<event_id>/", "editor/", "accounts/login/", "accounts/logout/",
    # desk pages: tests/desk/ (sign-in required, events need events-layer read, row filter applies)
    "desk/", "desk/events/",
}


def test_pages_follow_the_same_rules(client, world):
    assert client.get("/").status_code == 200
    login_page = client.get("/accounts/login/")
    assert login_page.status_code == 200 and "登录" in login_page.content.decode()
    for page in (f"/command/{world['events'].pk}/", "/editor/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    login(client, "duty_officer")
    assert client.get(f"/command/{world['events'].pk}/").status_code == 200
    assert client.get("/editor/").status_code == 200


def _routes(resolver, prefix=""):
    import re

    for pattern in resolver.url_patterns:
        text = prefix + str(pattern.pattern)
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text).replace("^", "").replace("/?$", "").replace("$", "")
        text = re.sub(r"<(str|int):(\w+)>", r"<\2>", text).replace("<collection_id>", "<cid>")
        if isinstance(pattern, URLResolver):
            if text.startswith(("admin/", "i18n/")):
                yield text
            else:
                yield from _routes(pattern, text)
        elif isinstance(pattern, URLPattern):
            yield text


def test_every_route_is_in_the_matrix():
    unknown = sorted(set(_routes(get_resolver())) - KNOWN_ROUTES)
    assert not unknown, f"routes with no access expectations: {unknown}"
