"""Role × route for every plans and tasks route (tests/test_access_matrix.py lists them as known
and points here). Requests are built to fail just after the access decision, so nothing changes:
an allowed caller gets the validation (400) or state (409) answer, a refused one 401/403 (API) or
the sign-in redirect (desk pages), a row the caller may not see 404."""
import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from geo_api.accounts.roles import ALL_ROLES, Role
from geo_api.incidents.models import Event
from geo_api.tasks.models import Task
from tests import factories

from .world import departments, hongqiao, plan_document

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]
READERS = {"superuser", Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR}   # plans, matches, activation
EDITORS = {"superuser", Role.COMMANDER, Role.ADMINISTRATOR}                       # import, drills, attachments
NO_TASKS = {"no_role", Role.EXTERNAL_AGENCY}
OVERSEERS = READERS                                                               # see every task
OWNER = Role.DEPARTMENT_LIAISON                                                   # the task is for their department


@pytest.fixture
def setup(db):
    deps = departments()
    hongqiao()
    users = {}
    for principal in PRINCIPALS[1:]:
        if principal == "superuser":
            users[principal] = User.objects.create_superuser("root", password="correct-horse-battery")
        else:
            users[principal] = User.objects.create_user(principal, password="correct-horse-battery")
            if principal != "no_role":
                users[principal].groups.add(Group.objects.get(name=principal))
    deps["HB"].members.add(users[OWNER])
    admin = Client()
    admin.force_login(users["superuser"])
    plan = admin.post("/api/plans/import/", json.dumps(plan_document(responses=[
        {"response_level": 3, "severities": [3], "actions": [
            {"order": 1, "title": "开展环境监测", "deadline_minutes": 60, "departments": ["HB"]}]}])),
        content_type="application/json").json()
    event = factories.event(1, event_type="危险化学品泄漏", severity=3)
    Event.objects.filter(pk=event.pk).update(status="verified")
    activated = admin.post(f"/api/plans/{plan['id']}/activations/", json.dumps({"event": event.pk, "response_level": 3}),
                           content_type="application/json")
    assert activated.status_code == 201
    attachment = admin.post(f"/api/plans/{plan['id']}/attachments/", {"file": _pdf()}).json()["id"]
    return {"users": users, "plan": plan["id"], "event": event.pk, "task": Task.objects.get().pk,
            "attachment": attachment}


def _pdf():
    import io

    f = io.BytesIO(b"%PDF-1.7 test")
    f.name = "plan.pdf"
    return f


def api(allowed, status, principal):
    if principal == "anonymous":
        return 401
    return status if allowed else 403


def page(allowed, status, principal):
    if principal == "anonymous":
        return 302
    return status if allowed else 403


def task_answer(principal, owner_status, overseer_status, api_route=True):
    if principal == "anonymous":
        return 401 if api_route else 302
    if principal in NO_TASKS:
        return 403
    if principal == OWNER:
        return owner_status
    if principal in OVERSEERS:
        return overseer_status
    return 404  # a role with tasks of its own; this one is not theirs


def cells(s, p):
    plan, event, task, att = s["plan"], s["event"], s["task"], s["attachment"]
    bad_json = {"data": json.dumps({"format": "nope"}), "content_type": "application/json"}
    reader, editor = p in READERS, p in EDITORS
    return [
        ("get", "/api/plans/", {}, api(reader, 200, p)),
        ("get", f"/api/plans/{plan}/", {}, api(reader, 200, p)),
        ("get", f"/api/plans/{plan}/export/?file=xlsx", {}, api(reader, 200, p)),
        ("get", f"/api/plans/{plan}/attachments/{att}/", {}, api(reader, 200, p)),
        ("get", f"/api/events/{event}/plan-matches/", {}, api(reader, 200, p)),
        ("post", "/api/plans/import/", bad_json, api(editor, 400, p)),
        ("post", f"/api/plans/{plan}/drills/", {"data": "{}", "content_type": "application/json"}, api(editor, 400, p)),
        ("post", f"/api/plans/{plan}/attachments/", {}, api(editor, 400, p)),
        ("post", f"/api/plans/{plan}/activations/", {"data": json.dumps({"event": event, "response_level": 1}),
                                                     "content_type": "application/json"}, api(reader, 400, p)),
        ("get", "/api/tasks/?mine=1", {}, 401 if p == "anonymous" else (403 if p in NO_TASKS else 200)),
        ("get", f"/api/tasks/{task}/", {}, task_answer(p, 200, 200)),
        ("get", f"/api/tasks/{task}/transitions/", {}, task_answer(p, 200, 200)),
        ("post", f"/api/tasks/{task}/transitions/", {"data": json.dumps({"to": "done"}),
                                                     "content_type": "application/json"}, task_answer(p, 409, 409)),
        ("post", f"/api/tasks/{task}/reassign/", {"data": json.dumps({"reason": "x"}),
                                                  "content_type": "application/json"}, task_answer(p, 403, 400)),
        ("get", "/plans/", {}, page(reader, 200, p)),
        ("post", "/plans/import/", {}, page(editor, 400, p)),
        ("get", f"/plans/{plan}/", {}, page(reader, 200, p)),
        ("get", f"/plans/{plan}/export.json", {}, page(reader, 200, p)),
        ("get", f"/plans/matches/{event}/", {}, page(reader, 200, p)),
        ("post", f"/plans/matches/{event}/activate/", {}, page(reader, 200, p)),
        ("get", "/tasks/", {}, 302 if p == "anonymous" else (403 if p in NO_TASKS else 200)),
        ("post", f"/tasks/{task}/move/", {"data": {"to": "done"}}, task_answer(p, 200, 200, api_route=False)),
    ]


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_plans_and_tasks_matrix(setup, principal):
    client = Client()
    if principal != "anonymous":
        client.force_login(setup["users"][principal])
    wrong = []
    for method, url, kwargs, expected in cells(setup, principal):
        status = getattr(client, method)(url, **kwargs).status_code
        if status != expected:
            wrong.append(f"{principal} {method.upper()} {url}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    assert Task.objects.get().status == "assigned"
