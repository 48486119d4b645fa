"""Every duty route × every principal. The desk (rosters, log, handover, swaps) is for duty
officers, the commander and administrators; who is on duty now is for the bureau's own staff;
other agencies' systems see none of it. Probes are built to fail just after the access check
(400/409), so the matrix changes no data. tests/test_access_matrix.py lists these routes as
covered here."""
import json
from datetime import date

import pytest
from django.contrib.auth.models import Group, User

from geo_api.accounts.roles import ALL_ROLES, Role
from geo_api.duty import services
from geo_api.duty.models import LogEntry, Roster, Shift, SwapRequest

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]
DESK = {"superuser", Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR}
DECIDERS = {"superuser", Role.COMMANDER, Role.ADMINISTRATOR}
STAFF = {"superuser", *(ALL_ROLES - {Role.EXTERNAL_AGENCY})}
JSON = "application/json"


@pytest.fixture
def world(template):
    admin = User.objects.create_superuser("matrix-admin", password="x")
    roster = services.roster_generate(template_id=template.pk, month=date(2026, 10, 1), user=admin)
    first, last = Shift.objects.filter(roster=roster).order_by("starts_at")[::30]
    entry = LogEntry.objects.create(shift=first, at=first.starts_at, kind="note", text="已办结", author_label="x")
    member = first.members.filter(role="officer").first()
    swap = SwapRequest.objects.create(shift=first, from_person=member.person, to_person=member.person, reason="x",
                                      requested_by=admin, requested_at=first.starts_at, status="refused")
    return {"roster": roster, "first": first, "last": last, "entry": entry, "swap": swap}


def cells(w):
    roster, first, last, entry, swap = w["roster"].pk, w["first"].pk, w["last"].pk, w["entry"].pk, w["swap"].pk
    htmx = {"HTTP_HX_REQUEST": "true"}
    api = [
        (STAFF, "get", "/api/duty/now/", {}, 200),
        (DESK, "get", "/api/duty/people/", {}, 200),
        (DESK, "get", "/api/duty/templates/", {}, 200),
        (DESK, "get", "/api/duty/rosters/", {}, 200),
        (DESK, "post", "/api/duty/rosters/", {"data": json.dumps({"template": 0, "month": "2026-10"}),
                                              "content_type": JSON}, 400),
        (DESK, "get", f"/api/duty/rosters/{roster}/", {}, 200),
        (DESK, "get", f"/api/duty/rosters/{roster}/export.xlsx", {}, 200),
        (DESK, "post", f"/api/duty/rosters/{roster}/import/", {}, 400),
        (DESK, "put", f"/api/duty/shifts/{first}/members/", {"data": "{}", "content_type": JSON}, 400),
        (DESK, "get", f"/api/duty/shifts/{first}/log/", {}, 200),
        (DESK, "post", f"/api/duty/shifts/{first}/log/", {"data": "{}", "content_type": JSON}, 400),
        (DESK, "post", f"/api/duty/shifts/{last}/handover/", {"data": "{}", "content_type": JSON}, 409),
        (DESK, "post", f"/api/duty/log/{entry}/resolve/", {}, 409),
        (DESK, "get", "/api/duty/swaps/", {}, 200),
        (DESK, "post", "/api/duty/swaps/", {"data": "{}", "content_type": JSON}, 400),
        (DESK, "get", f"/api/duty/swaps/{swap}/transitions/", {}, 200),
        (DESK, "get", f"/api/duty/swaps/{swap}/timeline/", {}, 200),
        # Only deciders get as far as the state (refused: 409); a duty officer is refused the decision.
        (DECIDERS, "post", f"/api/duty/swaps/{swap}/transitions/approve/", {"data": "{}", "content_type": JSON}, 409),
    ]
    desk = [
        (DESK, "get", "/duty/", {}, 200),
        (DESK, "post", f"/duty/shifts/{first}/log/", {"data": {"kind": "note", "text": ""}, **htmx}, 400),
        (DESK, "post", f"/duty/log/{entry}/resolve/", htmx, 409),
        (DESK, "post", f"/duty/shifts/{last}/handover/", htmx, 409),
        (DESK, "get", "/duty/rosters/", {}, 200),
        (DESK, "post", "/duty/rosters/generate/", {"data": {"template": "0", "month": "2026-10"}}, 400),
        (DESK, "post", f"/duty/rosters/{roster}/import/", {}, 400),
        (DESK, "get", f"/duty/shifts/{first}/edit/", htmx, 200),
        (DESK, "post", "/duty/swaps/", htmx, 400),
        (DECIDERS, "post", f"/duty/swaps/{swap}/approve/", {"data": {"month": "2026-10"}, **htmx}, 409),
    ]
    return [(*c, "api") for c in api] + [(*c, "desk") for c in desk]


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


def expected(principal, allowed, status, kind, path):
    if principal in allowed:
        return status
    if principal == "anonymous":
        return 401 if kind == "api" else 302
    return 403  # a duty officer asking to approve a swap too: the decision is not theirs


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_duty_routes(client, world, principal):
    login(client, principal)
    before = (SwapRequest.objects.filter(status="requested").count(), LogEntry.objects.count(),
              Roster.objects.count())
    wrong = []
    for allowed, method, url, kwargs, status, kind in cells(world):
        want = expected(principal, allowed, status, kind, url)
        got = getattr(client, method)(url, **kwargs)
        if got.status_code != want:
            wrong.append(f"{principal} {method.upper()} {url}: {got.status_code}, expected {want}")
        if want == 302:
            assert got["Location"].startswith("/accounts/login/")
    assert not wrong, "\n".join(wrong)
    assert (SwapRequest.objects.filter(status="requested").count(), LogEntry.objects.count(),
            Roster.objects.count()) == before


def test_external_agencies_see_nothing_of_the_duty_desk(client, world):
    login(client, Role.EXTERNAL_AGENCY)
    for _allowed, method, url, kwargs, _status, _kind in cells(world):
        assert getattr(client, method)(url, **kwargs).status_code == 403, url
    assert "/duty/" not in client.get("/desk/").content.decode()


def test_the_desk_module_is_listed_for_the_desk_roles_only(client, world):
    login(client, Role.DUTY_OFFICER)
    assert 'data-module="duty"' in client.get("/desk/").content.decode()
    client.logout()
    login(client, Role.FIELD_RESPONDER)
    assert 'data-module="duty"' not in client.get("/desk/").content.decode()


def test_people_and_templates_are_kept_in_the_admin_by_the_desk(client, world):
    user = User.objects.create_user("desk-staff", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.DUTY_OFFICER))
    client.force_login(user)
    assert client.get("/admin/duty/dutyperson/").status_code == 200
    bad = client.post("/admin/duty/shifttemplate/add/", {
        "name": "坏模板", "day_start": "08:00", "slots": '[{"name": "白班", "hours": 12}]', "groups": 2,
        "anchor_date": "2026-10-01", "days": "every_day", "leader_rule": "none", "officers_per_shift": 2,
        "members-TOTAL_FORMS": 0, "members-INITIAL_FORMS": 0})
    assert bad.status_code == 200 and "24" in bad.content.decode()  # the form again, saying 24 hours in all
    other = User.objects.create_user("gis-staff", password="x", is_staff=True)
    other.groups.add(Group.objects.get(name=Role.GIS_ANALYST))
    client.force_login(other)
    assert client.get("/admin/duty/dutyperson/").status_code == 403
