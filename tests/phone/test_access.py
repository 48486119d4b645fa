"""Every phone route, principal by principal. The page and the reads are for the bureau's staff
(every role but other agencies' systems); the manifest and the worker are public files; the task
transition wrapper answers exactly what the tasks API answers for the same person and task."""
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from geo_api.accounts.roles import ALL_ROLES, Role
from geo_api.tasks.models import Task

from .conftest import post

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]


def client_of(principal):
    client = Client()
    if principal == "anonymous":
        return client
    if principal == "superuser":
        user = User.objects.create_superuser("root", "root@example.invalid", "x-x-x-x-x-x")
    else:
        user = User.objects.create_user(f"p_{principal}", password="x-x-x-x-x-x")
        if principal != "no_role":
            user.groups.add(Group.objects.get(name=principal))
    client.force_login(user)
    return client


def staff(principal):
    return principal == "superuser" or principal in ALL_ROLES - {Role.EXTERNAL_AGENCY}


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_phone_routes(principal):
    client = client_of(principal)
    expected = 200 if staff(principal) else (401 if principal == "anonymous" else 403)
    assert client.get("/api/me/today/").status_code == expected
    assert client.get("/api/me/nearby/", {"lon": 121.4, "lat": 31.2}).status_code == expected
    page = client.get("/m/")
    assert page.status_code == (302 if principal == "anonymous" else expected)
    assert client.get("/m/manifest.webmanifest").status_code == 200
    assert client.get("/m/sw.js").status_code == 200


@pytest.mark.parametrize("principal", ["anonymous", "no_role", "superuser", "duty", "commander", "admin", "liaison",
                                       "fire", "responder", "external"])
def test_task_transition_wrapper_answers_as_the_tasks_api(phone_world, principal):
    """Two tasks of the same action and owner: one moved through the tasks API, the other through
    the phone's wrapper, by the same person; both answers must agree."""
    if principal in ("anonymous", "no_role", "superuser"):
        client = client_of(principal)
    else:
        client = Client()
        client.force_login(phone_world["people"][principal])
    fire_tasks = [t for t in Task.objects.filter(title="划定警戒区并疏散周边人员") if t.owner_label == "区消防救援支队"]
    original = fire_tasks[0]
    twin = Task.objects.get(pk=original.pk)
    twin.pk = None
    twin.save()
    direct = post(client, f"/api/tasks/{original.pk}/transitions/", {"to": "accepted"})
    wrapped = post(client, f"/api/me/tasks/{twin.pk}/transitions/", {"to": "accepted", "client_id": str(uuid.uuid4())})
    if principal in ("no_role", "external"):
        assert wrapped.status_code == 403  # the phone app refuses them before the tasks app would
    else:
        assert wrapped.status_code == direct.status_code, (direct.content, wrapped.content)
    assert Task.objects.get(pk=twin.pk).status == Task.objects.get(pk=original.pk).status
