"""Every command route, role by role (the routes are in tests/test_access_matrix.py KNOWN_ROUTES).
The event is severity Ⅱ so an external agency's row filter lets it read the event itself."""
import pytest
from django.test import Client

from geo_api.incidents.models import Event
from tests import factories
from tests.conftest import user_with_roles

from .conftest import client_for, post

pytestmark = pytest.mark.django_db

PRINCIPALS = ["anonymous", "external_agency", "field_responder", "department_liaison", "gis_analyst",
              "duty_officer", "commander", "administrator"]


@pytest.fixture
def setting(db):
    event = factories.event(1, severity=2, title="较大火灾")
    Event.objects.filter(pk=event.pk).update(status="verified")
    users = {role: user_with_roles(role, role) for role in PRINCIPALS if role != "anonymous"}
    clients = {role: client_for(user) for role, user in users.items()}
    clients["anonymous"] = Client()
    factories.camera(1, geom=event.geom)
    # An instruction to the field responder, sent by a commander of its own.
    boss = client_for(user_with_roles("boss", "commander"))
    sent = post(boss, f"/api/events/{event.pk}/instructions/", {"text": "到场", "to_users": [users["field_responder"].pk]})
    assert sent.status_code == 201
    return {"event": event, "clients": clients, "instruction": sent.json()["id"]}


def status_of(setting, role, method, url, body=None):
    client = setting["clients"][role]
    return (post(client, url, body) if method == "post" else client.get(url)).status_code


EXPECTED = {
    # route: {role: status}; roles not named get `default`
    ("get", "board"): {"anonymous": 401, "default": 200},
    ("get", "instructions"): {"anonymous": 401, "default": 200},
    ("get", "cameras"): {"anonymous": 401, "external_agency": 403, "default": 200},
    ("get", "mine"): {"anonymous": 401, "default": 200},
    ("post", "instructions"): {"anonymous": 401, "duty_officer": 201, "commander": 201, "administrator": 201,
                               "default": 403},
    ("post", "command"): {"anonymous": 401, "duty_officer": 200, "commander": 200, "administrator": 200,
                          "default": 403},
    # Only the recipient acknowledges; overseers read it (403), the others do not even see it (404).
    ("post", "acknowledge"): {"anonymous": 401, "field_responder": 200, "duty_officer": 403, "commander": 403,
                              "administrator": 403, "default": 404},
}


@pytest.mark.parametrize("role", PRINCIPALS)
@pytest.mark.parametrize("route", list(EXPECTED), ids=lambda r: "-".join(r))
def test_command_routes_role_by_role(setting, role, route):
    method, name = route
    event = setting["event"].pk
    urls = {"board": f"/api/events/{event}/board/", "instructions": f"/api/events/{event}/instructions/",
            "cameras": f"/api/events/{event}/cameras/", "mine": "/api/instructions/?mine=1",
            "command": f"/api/events/{event}/command/",
            "acknowledge": f"/api/instructions/{setting['instruction']}/acknowledge/"}
    body = {"text": "封控", "to_users": [setting["clients"]["field_responder"].user.pk]} if name == "instructions" else {}
    expected = EXPECTED[route].get(role, EXPECTED[route]["default"])
    assert status_of(setting, role, method, urls[name], body) == expected


def test_what_each_role_reads_on_the_board(setting):
    event = setting["event"].pk
    responder = setting["clients"]["field_responder"].get(f"/api/events/{event}/board/").json()
    analyst = setting["clients"]["gis_analyst"].get(f"/api/events/{event}/board/").json()
    agency = setting["clients"]["external_agency"].get(f"/api/events/{event}/board/").json()
    assert [i["id"] for i in responder["instructions"]] == [setting["instruction"]]
    assert analyst["instructions"] == [] and agency["instructions"] == []
    assert agency["tasks"] == [] and agency["responders"] == []
