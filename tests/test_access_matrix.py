"""Role × endpoint × method: every cell allowed or refused as the registry's declarations say.

The expectations below restate the rules from the registry entries (access level, read_roles,
write_roles) independently of layers/access.py; the routes come from the URL conf, and a route
this matrix does not know fails the coverage test, so new routes must be placed in it."""
import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, URLResolver, get_resolver

from geo_api.accounts.roles import ALL_ROLES, Role
from geo_api.responders.models import ResponderPosition
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
    "shelter_rectifications": ("verify", {Role.COMMANDER}),  # the task is open, not rectified
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
    return user


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_matrix(client, world, principal):
    user = login(client, principal)
    if principal == Role.FIELD_RESPONDER:  # the position row a field responder may read is their own
        responder = world["personnel_positions"].responder
        responder.user = user
        responder.save()
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


def test_a_field_responder_sees_their_own_position_only(client, world):
    colleague = world["personnel_positions"]  # on duty, somebody else's
    login(client, "field_responder")
    assert client.get("/ogc/collections/personnel_positions/items?f=json").json()["features"] == []
    me = factories.responder(5)
    me.user = User.objects.get(username="field_responder")
    me.save()
    mine = ResponderPosition.objects.get(responder=me).pk
    for url in ("/ogc/collections/personnel_positions/items?f=json",
                "/ogc/collections/personnel_positions/items?f=json&filter=on_duty%20%3D%20true"):
        assert [f["id"] for f in client.get(url).json()["features"]] == [mine]
    assert client.get(f"/ogc/collections/personnel_positions/items/{colleague.pk}?f=json").status_code == 404
    assert client.get(f"/api/layers/personnel_positions/features/{colleague.pk}/history/").status_code == 404


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
    "api/shelter_rectifications/<rectification_id>/transitions/",
    "api/shelter_rectifications/<rectification_id>/transitions/<name>/",
    "api/shelter_rectifications/<rectification_id>/timeline/",
    # shelters' own routes: role by role in tests/shelters/test_access.py
    "api/shelters/", "api/shelters/capacity-by-street/", "api/shelters/statistics/", "api/shelters/files/<file_id>/",
    "api/shelters/inspection-plans/", "api/shelters/<shelter_id>/evaluations/", "api/shelters/<shelter_id>/collection/",
    "api/shelters/<shelter_id>/photos/", "api/shelters/<shelter_id>/inspections/", "api/events/<event_id>/shelters/",
    "api/events/<event_id>/shelters/<opening_id>/movements/", "api/events/<event_id>/shelters/<opening_id>/close/",
    "shelters/", "shelters/plans/new/", "shelters/<shelter_id>/", "shelters/<shelter_id>/collect/",
    "shelters/<shelter_id>/photos/", "shelters/<shelter_id>/transitions/<name>/", "shelters/<shelter_id>/evaluate/",
    "shelters/<shelter_id>/rectifications/<task_id>/<name>/", "shelters/<shelter_id>/open/",
    "shelters/<shelter_id>/openings/<opening_id>/", "shelters/<shelter_id>/inspect/",  # tests/shelters/test_desk.py
    # duty desk and its API: role by role in tests/duty/test_access.py (external agencies see none of it)
    "api/duty/now/", "api/duty/people/", "api/duty/templates/", "api/duty/rosters/", "api/duty/rosters/<roster_id>/",
    "api/duty/rosters/<roster_id>/export.xlsx", "api/duty/rosters/<roster_id>/import/",
    "api/duty/shifts/<shift_id>/members/", "api/duty/shifts/<shift_id>/log/", "api/duty/shifts/<shift_id>/handover/",
    "api/duty/log/<entry_id>/resolve/", "api/duty/swaps/", "api/duty/swaps/<swap_id>/transitions/",
    "api/duty/swaps/<swap_id>/transitions/<name>/", "api/duty/swaps/<swap_id>/timeline/",
    "duty/", "duty/shifts/<shift_id>/log/", "duty/log/<entry_id>/resolve/", "duty/shifts/<shift_id>/handover/",
    "duty/rosters/", "duty/rosters/generate/", "duty/rosters/<roster_id>/import/", "duty/shifts/<shift_id>/edit/",
    "duty/swaps/", "duty/swaps/<swap_id>/<name>/",
    # lists filtered by the same rules: test_lists_and_live_feed_follow_the_same_rules, test_access.py
    "ogc", "ogc/", "ogc/collections", "ogc/openapi", "ogc/conformance", "ogc/TileMatrixSets",
    "ogc/TileMatrixSets/<tilematrixset_id>", "ogc/tileMatrixSets", "ogc/tileMatrixSets/<tilematrixset_id>", "ogc/static/<path>", "api/layers/", "api/changes/",
    "api/health/",  # public liveness; details for staff only (tests/jobs/)
    "api/stats/", "api/search/", "api/events/<event_id>/nearby/",  # test_wall_api.py
    # command mode: role by role in tests/command/test_access.py
    "api/events/<event_id>/command/", "api/events/<event_id>/board/", "api/events/<event_id>/instructions/",
    "api/events/<event_id>/cameras/", "api/instructions/", "api/instructions/<instruction_id>/acknowledge/",
    "api/schema/", "admin/", "i18n/",
    "api/health/",  # open to all; error details for staff only: tests/jobs/test_worker.py
    # pages: test_pages_follow_the_same_rules below
    "", "command/<event_id>/", "editor/", "accounts/login/", "accounts/logout/",
    "streams/<path:path>",  # camera video kept locally: role by role in tests/command_view/test_streams.py
    "favicon.ico",  # a redirect to a static icon, for every page
    "basemap/<name>",  # the PMTiles base map, public like the wall: tests/test_basemap_route.py
    # desk pages: tests/desk/ (sign-in required, events need events-layer read, row filter applies)
    "desk/", "desk/events/",
    # plans and tasks: every principal x route in tests/plans/test_access_matrix_plans.py
    "api/plans/", "api/plans/import/", "api/plans/<plan_id>/", "api/plans/<plan_id>/export/",
    "api/plans/<plan_id>/drills/", "api/plans/<plan_id>/attachments/",
    "api/plans/<plan_id>/attachments/<attachment_id>/", "api/plans/<plan_id>/activations/",
    "api/events/<event_id>/plan-matches/", "api/tasks/", "api/tasks/<task_id>/", "api/tasks/<task_id>/transitions/",
    "api/tasks/<task_id>/reassign/", "plans/", "plans/import/", "plans/<plan_id>/", "plans/<plan_id>/export.<kind>",
    "plans/matches/<event_id>/", "plans/matches/<event_id>/activate/", "tasks/", "tasks/<task_id>/move/",
    # incidents (intake, reports, follow-ups, severity, upward reports, the event page): role by role
    # in tests/incidents/test_access.py
    "api/events/", "api/events/duplicates/", "api/event-types/", "api/events/<event_id>/",
    "api/events/<event_id>/reports/", "api/events/<event_id>/follow-ups/", "api/events/<event_id>/severity/",
    "api/events/<event_id>/upward-reports/", "api/events/<event_id>/attachments/<attachment_id>/",
    "api/upward-reports/<report_id>/submit/", "duty/intake/", "duty/intake/types/", "duty/intake/duplicates/",
    "duty/intake/search/", "desk/events/<event_id>/", "desk/events/<event_id>/transition/",
    "desk/events/<event_id>/severity/", "desk/events/<event_id>/follow-up/",
    "desk/events/<event_id>/upward-reports/", "desk/upward-reports/<report_id>/submit/",
    # resources domain: every principal x route in tests/resources/test_access.py
    "api/warehouses/nearest/", "api/warehouses/<warehouse_id>/stock/", "api/stock-movements/",
    "resources/", "resources/new/", "resources/<resource_id>/edit/", "resources/<resource_id>/retire/",
    "warehouses/", "warehouses/<warehouse_id>/", "warehouses/<warehouse_id>/movements/",
    "warehouses/<warehouse_id>/levels/",
    # case library, replay and plan evaluations: role by role in tests/cases/test_access.py
    "api/cases/", "api/cases/<case_id>/", "api/events/<event_id>/replay/", "api/plans/<plan_id>/evaluations/",
    "cases/", "cases/<case_id>/", "cases/<case_id>/evaluation/", "cases/<case_id>/replay/",
    # positions and check-ins: role by role in tests/positions/test_access.py
    "api/positions/", "api/events/<event_id>/check-ins/",
    # agency feeds: role by role in tests/feeds/test_access.py; simulators 404 unless enabled (tests/feeds/)
    "api/feeds/", "api/feeds/messages/<message_id>/", "api/feeds/messages/<message_id>/replay/",
    "api/feeds/<feed>/messages/", "api/feeds/<feed>/pull/", "feeds/", "feeds/messages/<message_id>/replay/",
    "simulators/<feed>/",
    # the phone app: role by role in tests/phone/test_access.py
    "m/", "m/manifest.webmanifest", "m/sw.js", "api/me/today/", "api/me/nearby/", "api/me/tasks/<task_id>/transitions/",
    # file imports and warning exposure: role by role in tests/imports/test_access.py and tests/exposure/test_access.py
    "api/imports/", "api/imports/<job_id>/", "api/imports/<job_id>/mapping/", "api/imports/<job_id>/commit/",
    "api/imports/<job_id>/cancel/", "imports/", "api/warnings/<warning_id>/exposure/",
    "api/warnings/<warning_id>/exposure/tasks/", "warnings/<warning_id>/exposure/",
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


# -- side routes: history, the change feed, the live socket and writes ask the same row decision ------
EVENTS = load_catalog().get("events")
# Restated from the events entry: published plain columns (what a reader may see change), and the
# rows: `where` hides drills from everyone, the external agency's row filter hides severity > 2.
EVENT_COLUMNS = {"id", "geom", *(p for p in EVENTS.properties if isinstance(p, str))}
UNPUBLISHED = {"reporter", "description", "is_drill"}


def sees_actors(principal):
    return principal in ("superuser", Role.ADMINISTRATOR)


def row_readable(principal, row):
    """Whether `principal` may read this kind of event row now."""
    if not may_read(principal, EVENTS) or row in ("drill", "gone", "gone_drill"):
        return False
    return row == "visible" or principal != Role.EXTERNAL_AGENCY


@pytest.fixture
def event_rows(world):
    """One event of each kind, each with a change of an unpublished column (reporter) and of a
    published one (casualties); two of them then deleted."""
    from django.db.models import F

    from geo_api.incidents.models import Event

    rows = {"visible": world["events"], "ordinary": factories.event(21, severity=4, title="一般事件"),
            "drill": factories.event(22, severity=2, is_drill=True, title="演练事件"),
            "gone": factories.event(23, severity=2, title="已删除事件"),
            "gone_drill": factories.event(24, severity=2, is_drill=True, title="已删除演练")}
    for event in rows.values():
        Event.objects.filter(pk=event.pk).update(reporter="张三 13800000000")
        Event.objects.filter(pk=event.pk).update(casualties=F("casualties") + 1)
    for name in ("gone", "gone_drill"):
        Event.objects.filter(pk=rows[name].pk).delete()
    return {name: event.pk for name, event in rows.items()}


def history_expected(principal, row):
    if not may_read(principal, EVENTS):
        return refused(principal)
    if row == "gone":  # deleted: its writers only, and only if it was one of their rows
        return 200 if may_write(principal, EVENTS) else 404
    return 200 if row_readable(principal, row) else 404


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_history_answers_for_the_callers_rows_only(client, event_rows, principal):
    login(client, principal)
    wrong = []
    for row, fid in event_rows.items():
        response = client.get(f"/api/layers/events/features/{fid}/history/")
        expected = history_expected(principal, row)
        if response.status_code != expected:
            wrong.append(f"{principal} history of {row} event: {response.status_code}, expected {expected}")
            continue
        if expected != 200:
            continue
        history = response.json()["history"]
        columns = {column for entry in history for column in entry["changes"]}
        actors = {entry["actor"] for entry in history}
        if may_write(principal, EVENTS):
            if "reporter" not in columns:
                wrong.append(f"{principal} (a writer) does not see the reporter change of the {row} event")
        elif not columns <= EVENT_COLUMNS or columns & UNPUBLISHED:
            wrong.append(f"{principal} sees unpublished columns of the {row} event: {sorted(columns - EVENT_COLUMNS)}")
        if sees_actors(principal) != (actors != {None}) or not history:
            wrong.append(f"{principal} actors of the {row} event: {actors}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_change_feed_carries_the_callers_rows_only(client, event_rows, principal):
    login(client, principal)
    changes = client.get("/api/changes/?after=0").json()["changes"]
    events = {c["id"] for c in changes if c["layer"] == "events"}
    # A deleted row is announced (as deleted) to those who could read it before.
    allowed = {fid for row, fid in event_rows.items() if row_readable(principal, row)}
    if may_read(principal, EVENTS):
        allowed.add(event_rows["gone"])
    assert events <= allowed, f"{principal} learned of events {sorted(events - allowed)}"
    if may_read(principal, EVENTS):
        assert event_rows["visible"] in events


WRITES = [  # (method, url template, body or None): each carries the row's real current ETag
    ("patch", "/api/layers/events/features/{fid}/", {"type": "Feature", "properties": {"casualties": 99}}),
    ("put", "/ogc/collections/events/items/{fid}", None),
    ("delete", "/api/layers/events/features/{fid}/", None),
    ("delete", "/ogc/collections/events/items/{fid}", None),
]


def _write(client, method, url, body, fid):
    from geo_api.editing.selectors import feature_version

    etag = feature_version(EVENTS, fid)
    if body is None and method == "put":
        body = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.4, 31.2]},
                "properties": {"casualties": 99}}
    kwargs = {"HTTP_IF_MATCH": etag}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/geo+json" if "/ogc/" in url
                      else "application/json")
    return getattr(client, method)(url.format(fid=fid), **kwargs)


def _state(fid):
    from geo_api.editing.selectors import feature_version
    from geo_api.incidents.models import Event

    row = Event.objects.filter(pk=fid).values("casualties", "title", "is_drill").first()
    return row, feature_version(EVENTS, fid)


@pytest.mark.parametrize("principal", [p for p in PRINCIPALS if may_write(p, EVENTS)])
def test_a_write_to_a_drill_row_changes_nothing(client, event_rows, principal):
    login(client, principal)
    drill = event_rows["drill"]
    before = _state(drill)
    for method, url, body in WRITES:
        response = _write(client, method, url, body, drill)
        assert response.status_code == 404, (principal, method, url, response.status_code, response.content[:200])
        assert _state(drill) == before, f"{principal} {method.upper()} {url} changed the drill row"


def test_a_write_outside_the_writers_row_filter_changes_nothing(client, event_rows, monkeypatch):
    # A duty officer limited (for this test) to major events, as external agencies are for reads.
    monkeypatch.setitem(EVENTS.__dict__, "row_filters", {**EVENTS.row_filters, Role.DUTY_OFFICER: "severity <= 2"})
    login(client, Role.DUTY_OFFICER)
    ordinary, visible = event_rows["ordinary"], event_rows["visible"]
    before = _state(ordinary)
    for method, url, body in WRITES:
        response = _write(client, method, url, body, ordinary)
        assert response.status_code == 404, (method, url, response.status_code)
        assert _state(ordinary) == before, f"{method.upper()} {url} changed a row outside the writer's filter"
    assert client.get(f"/api/layers/events/features/{ordinary}/history/").status_code == 404
    # The same writer, the same routes, a row inside the filter: the write happens.
    allowed = _write(client, *WRITES[0], visible)
    assert allowed.status_code == 200 and _state(visible)[0]["casualties"] == 99


# The live socket needs committed rows: NOTIFY is delivered at commit. One socket per principal,
# all open at once, one set of writes (a transactional test empties every table afterwards).
@pytest.mark.django_db(transaction=True)
def test_the_live_socket_carries_each_callers_rows_only():
    import asyncio

    from channels.db import database_sync_to_async
    from django.test import Client

    from tests.live.sockets import Frames, open_socket

    clients = {}
    for principal in PRINCIPALS:
        clients[principal] = Client()
        login(clients[principal], principal)
    create = database_sync_to_async(factories.event)

    async def scenario():
        sockets = {p: Frames(await open_socket(c if p != "anonymous" else None)) for p, c in clients.items()}
        rows = {"ordinary": await create(31, severity=4), "drill": await create(32, severity=2, is_drill=True)}
        rows["visible"] = await create(33, severity=2)  # the last write: once it arrives, all have
        for principal, frames in sockets.items():
            if may_read(principal, EVENTS):
                await frames.until(lambda c: c["layer"] == "events" and c["id"] == rows["visible"].pk)
        await asyncio.sleep(0.3)  # time for anything that should not come
        received = {}
        for principal, frames in sockets.items():
            received[principal] = {c["id"] for c in frames.changes if c["layer"] == "events"}
            await frames.close()
        return {name: row.pk for name, row in rows.items()}, received

    rows, received = asyncio.run(scenario())
    wrong = []
    for principal in PRINCIPALS:
        expected = {fid for row, fid in rows.items() if row_readable(principal, row)}
        if received[principal] != expected:
            wrong.append(f"{principal}: received {sorted(received[principal])}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)
