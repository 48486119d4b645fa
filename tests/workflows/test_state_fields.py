"""Every converted state field (event status, hazard rectification status, shelter designation
status): generic edits through /api and OGC Part 4 refuse it naming the workflow endpoint, the
workflow transition works and writes the timeline with who, when and why, an illegal one is a 409
listing the allowed ones, a user without the role gets 403."""
import json
from datetime import datetime, timedelta

import pytest

from geo_api.audit.models import AuditEntry
from geo_api.timeline.models import TimelineEntry
from layers.registry import load_catalog

from .cases import CASES, IDS

pytestmark = pytest.mark.django_db


def state_of(case, pk):
    return load_catalog().get(case.layer).model_class.objects.values_list(case.field, flat=True).get(pk=pk)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_generic_patch_of_the_state_is_refused_naming_the_workflow(as_role, case):
    row = case.make()
    client = as_role(case.editor_role)
    url = f"/api/layers/{case.layer}/features/{row.pk}/"
    etag = client.get(url)["ETag"]
    body = {"type": "Feature", "geometry": None, "properties": {case.field: case.forbidden}}
    response = client.patch(url, json.dumps(body), content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 409, response.content
    answer = response.json()
    assert answer["code"] == "owned_by_workflow" and answer["field"] == case.field
    assert answer["endpoint"] == f"/api/{case.layer}/{row.pk}/transitions/"
    assert f"/api/{case.layer}/{row.pk}/transitions/" in answer["detail"]
    assert state_of(case, row.pk) == case.start
    assert not TimelineEntry.objects.exists()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_sending_the_unchanged_state_with_other_changes_is_fine(as_role, case):
    row = case.make()
    client = as_role(case.editor_role)
    url = f"/api/layers/{case.layer}/features/{row.pk}/"
    etag = client.get(url)["ETag"]
    other = "title" if case.layer == "events" else "name"
    body = {"type": "Feature", "geometry": None, "properties": {case.field: case.start, other: "改个名字"}}
    response = client.patch(url, json.dumps(body), content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["properties"][other] == "改个名字"
    assert state_of(case, row.pk) == case.start


def writable_copy(client_get, case, pk):
    """The row as the layer publishes it, minus what is computed: a valid feature to send back."""
    feature = client_get(pk)
    properties = {k: v for k, v in feature["properties"].items()
                  if k not in ("district_name", "updated_at", "stock_items", "material_codes")}
    return {"type": "Feature", "geometry": feature["geometry"], "properties": properties}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_ogc_put_of_the_state_is_refused(basic_client, case):
    row = case.make()
    qgis = basic_client(case.editor_role, name="qgis")
    item = f"/ogc/collections/{case.layer}/items/{row.pk}"
    current = qgis.get(f"{item}?f=json")
    assert current.status_code == 200, current.content
    replaced = writable_copy(lambda pk: current.json(), case, row.pk)
    replaced["properties"][case.field] = case.forbidden
    response = qgis.put(item, json.dumps(replaced), content_type="application/geo+json", HTTP_IF_MATCH=current["ETag"])
    assert response.status_code == 409, response.content
    assert f"/api/{case.layer}/{row.pk}/transitions/" in response.json()["description"]
    assert state_of(case, row.pk) == case.start


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_new_feature_may_not_start_in_a_later_state(as_role, case):
    client = as_role(case.editor_role)
    schema = client.get(f"/api/layers/{case.layer}/schema/").json()
    owned = {f["name"]: f for f in schema["fields"] if f.get("readOnly")}
    assert case.field in owned and owned[case.field]["workflow"] == f"/api/{case.layer}/{{id}}/transitions/"
    assert "/transitions/" in owned[case.field]["hint"]["zh"]
    template = case.make()
    body = writable_copy(lambda pk: client.get(f"/api/layers/{case.layer}/features/{pk}/").json(), case, template.pk)
    body["properties"]["code"] = "NEW-1"
    body["properties"][case.field] = case.forbidden
    url = f"/api/layers/{case.layer}/features/"
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "owned_by_workflow"
    body["properties"][case.field] = case.start if case.layer != "shelters" else "collected"
    created = client.post(url, json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["properties"][case.field] == body["properties"][case.field]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_transition_works_and_writes_the_timeline(as_role, case):
    row = case.make()
    client = as_role(case.actor_role)
    listed = client.get(case.url(row.pk, "transitions/")).json()
    assert listed["state"] == case.start and case.transition in [a["name"] for a in listed["allowed"]]
    before = datetime.now().astimezone()
    response = client.post(case.url(row.pk, f"transitions/{case.transition}/"),
                           json.dumps({"reason": "现场核实", **case.body}), content_type="application/json")
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["state"] == case.target and state_of(case, row.pk) == case.target
    entry = TimelineEntry.objects.get()
    assert (entry.actor, entry.reason, entry.transition, entry.from_state, entry.to_state) == (
        client.user, "现场核实", case.transition, case.start, case.target)
    assert before - timedelta(seconds=1) <= entry.at <= datetime.now().astimezone()
    assert entry.kind == "transition" and entry.payload["field"] == case.field
    assert answer["entry"]["id"] == entry.id and answer["entry"]["actor"]["label"] == client.user.username
    assert answer["entry"]["at"].endswith("+08:00")
    timeline = client.get(case.url(row.pk, "timeline/")).json()["timeline"]
    assert [(e["transition"], e["reason"], e["to_state"]) for e in timeline] == [
        (case.transition, "现场核实", case.target)]
    # The audit trigger saw the same change, attributed to the same person.
    audit = AuditEntry.objects.filter(table_name=row._meta.db_table, row_pk=str(row.pk), action="update").get()
    assert audit.changes[case.field] == {"old": case.start, "new": case.target}
    assert audit.actor == f"user:{client.user.pk}:{client.user.username}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_an_illegal_transition_is_409_listing_the_allowed_ones(as_role, case):
    row = case.make()
    client = as_role(case.actor_role)
    response = client.post(case.url(row.pk, f"transitions/{case.illegal}/"), json.dumps({"reason": "试试"}),
                           content_type="application/json")
    assert response.status_code == 409, response.content
    answer = response.json()
    assert answer["code"] == "conflict" and answer["state"] == case.start
    allowed = {a["name"]: a for a in answer["allowed"]}
    assert case.transition in allowed and case.illegal not in allowed
    assert allowed[case.transition]["target"] == case.target and allowed[case.transition]["label"]
    assert state_of(case, row.pk) == case.start and not TimelineEntry.objects.exists()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_user_without_the_role_is_refused(client, as_role, case):
    row = case.make()
    outsider = as_role(case.outsider_role)
    url = case.url(row.pk, f"transitions/{case.transition}/")
    body = json.dumps({"reason": "越权", **case.body})
    response = outsider.post(url, body, content_type="application/json")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "permission_denied"
    assert case.transition not in [a["name"] for a in outsider.get(case.url(row.pk, "transitions/")).json()["allowed"]]
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert state_of(case, row.pk) == case.start and not TimelineEntry.objects.exists()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_admin_shows_the_state_read_only(as_role, case):
    from django.contrib.auth.models import User

    row = case.make()
    admin = User.objects.create_superuser("root", password="correct-horse-battery")
    from django.test import Client

    client = Client()
    client.force_login(admin)
    model = row._meta
    page = client.get(f"/admin/{model.app_label}/{model.model_name}/{row.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="{case.field}"' not in html and "readonly" in html
