"""Role × route for every route of the incidents domain (API and desk pages), restating who may:
- read an event: the events layer's readers (staff; other agencies Ⅰ/Ⅱ only) — the world's event is Ⅱ;
- take reports, change severity, draft and submit upward reports: duty officers, commanders, administrators;
- add follow-ups: those and field responders;
- the code list: anyone.
Each write probe is built to fail just after the access check (a 400/409), so the matrix changes no data."""
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import Client

from geo_api.accounts.roles import ALL_ROLES, Role
from geo_api.incidents.models import Attachment, UpwardReport
from tests import factories

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]
READERS = set(ALL_ROLES) | {"superuser"}
DESK = {Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR, "superuser"}
FOLLOW_UP = DESK | {Role.FIELD_RESPONDER}
ANYONE = set(PRINCIPALS)


@pytest.fixture
def world(db):
    event = factories.event(1, severity=2)
    report = UpwardReport.objects.create(event=event, kind="initial", recipient="district", text="首报")
    attachment = Attachment(event=event, original_name="a.png", content_type="image/png", size=4)
    attachment.file.save("a.png", ContentFile(b"\x89PNG"), save=False)
    attachment.save()
    return {"event": event.pk, "report": report.pk, "attachment": attachment.pk}


def client_for(principal):
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


def js(body):
    return {"data": json.dumps(body), "content_type": "application/json"}


def cells(w):
    e, r, a = w["event"], w["report"], w["attachment"]
    dup = "/api/events/duplicates/?type=火灾&lon=121.40&lat=31.21"
    # (method, url, kwargs, who may, answer when allowed, answer for a signed-in refusal, anonymous)
    return [
        ("post", "/api/events/", js({"type": "Feature"}), DESK, 400, 403, 401),
        ("get", dup, {}, DESK, 200, 403, 401),
        ("get", "/api/event-types/", {}, ANYONE, 200, 403, 200),
        ("get", f"/api/events/{e}/", {}, READERS, 200, 403, 401),
        ("get", f"/api/events/{e}/reports/", {}, READERS, 200, 403, 401),
        ("post", f"/api/events/{e}/reports/", js({"type": "Point"}), DESK, 400, 403, 401),
        ("get", f"/api/events/{e}/follow-ups/", {}, READERS, 200, 403, 401),
        ("post", f"/api/events/{e}/follow-ups/", js({"text": ""}), FOLLOW_UP, 400, 403, 401),
        ("post", f"/api/events/{e}/severity/", js({"severity": 1}), DESK, 400, 403, 401),
        ("get", f"/api/events/{e}/upward-reports/", {}, DESK, 200, 403, 401),
        ("post", f"/api/events/{e}/upward-reports/", js({"kind": "weekly", "recipient": "district"}), DESK, 400, 403, 401),
        ("post", f"/api/upward-reports/{r}/submit/", js({"text": " "}), DESK, 400, 403, 401),
        ("get", f"/api/events/{e}/attachments/{a}/", {}, READERS, 200, 403, 401),
        ("post", f"/api/events/{e}/transitions/", js({"to": "dismissed"}), DESK, 400, 403, 401),
        ("get", "/duty/intake/", {}, DESK, 200, 403, 302),
        ("post", "/duty/intake/", {"data": {}}, DESK, 400, 403, 302),
        ("get", "/duty/intake/types/?category=NATURAL", {}, DESK, 200, 403, 302),
        ("get", "/duty/intake/duplicates/?type=火灾&lon=121.4&lat=31.21", {}, DESK, 200, 403, 302),
        ("get", "/duty/intake/search/?q=路", {}, DESK, 200, 403, 302),
        ("get", f"/desk/events/{e}/", {}, READERS, 200, 403, 302),
        ("post", f"/desk/events/{e}/transition/", {"data": {"transition": "dismiss"}}, DESK, 400, 403, 302),
        ("post", f"/desk/events/{e}/severity/", {"data": {"severity": "1"}}, DESK, 400, 403, 302),
        ("post", f"/desk/events/{e}/follow-up/", {"data": {"text": ""}}, FOLLOW_UP, 400, 403, 302),
        ("post", f"/desk/events/{e}/upward-reports/", {"data": {"kind": "x"}}, DESK, 400, 403, 302),
        ("post", f"/desk/upward-reports/{r}/submit/", {"data": {"text": " "}}, DESK, 400, 403, 302),
    ]


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_incidents_route_answers_each_role_as_declared(world, principal):
    client = client_for(principal)
    wrong = []
    for method, url, kwargs, who, allowed, refused, anonymous in cells(world):
        if principal == "anonymous":
            expected = allowed if "anonymous" in who else anonymous
        else:
            expected = allowed if principal in who else refused
        status = getattr(client, method)(url, **kwargs).status_code
        if status != expected:
            wrong.append(f"{principal} {method.upper()} {url}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    assert UpwardReport.objects.get().submitted_at is None


INCIDENTS_ROUTES = {
    "api/events/", "api/events/duplicates/", "api/event-types/", "api/events/<event_id>/",
    "api/events/<event_id>/reports/", "api/events/<event_id>/follow-ups/", "api/events/<event_id>/severity/",
    "api/events/<event_id>/upward-reports/", "api/events/<event_id>/attachments/<attachment_id>/",
    "api/upward-reports/<report_id>/submit/", "duty/intake/", "duty/intake/types/", "duty/intake/duplicates/",
    "duty/intake/search/", "desk/events/<event_id>/", "desk/events/<event_id>/transition/",
    "desk/events/<event_id>/severity/", "desk/events/<event_id>/follow-up/",
    "desk/events/<event_id>/upward-reports/", "desk/upward-reports/<report_id>/submit/",
}


def test_the_matrix_here_covers_every_incidents_route():
    from tests.test_access_matrix import KNOWN_ROUTES, _routes
    from django.urls import get_resolver

    routes = set(_routes(get_resolver()))
    assert INCIDENTS_ROUTES <= routes
    assert INCIDENTS_ROUTES <= KNOWN_ROUTES
    probed = {url.split("?")[0] for _m, url, *_rest in cells({"event": 7, "report": 8, "attachment": 9})}
    shapes = {p.replace("/7/", "/<event_id>/").replace("/8/", "/<report_id>/").replace("/9/", "/<attachment_id>/")
              .lstrip("/") for p in probed}
    assert shapes - {"api/events/<event_id>/transitions/"} == INCIDENTS_ROUTES  # + the contract POST form
