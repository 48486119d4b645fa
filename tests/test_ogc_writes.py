"""OGC API Features Part 4 through /ogc: the same rules, validation, versions and audit as /api."""
import json

import pytest
from django.test import Client

from geo_api.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db
ITEMS = "/ogc/collections/shelters/items"
SHELTER = {
    "type": "Feature", "geometry": {"type": "Point", "coordinates": [121.402, 31.212]},
    "properties": {"code": "SH-OGC-1", "name": "QGIS新增避难点", "shelter_class": "III", "shelter_type": "emergency",
                   "space_type": "outdoor", "tier": "community", "area_m2": 600, "capacity": 300,
                   "managing_unit": "长宁区应急管理局", "address": "长宁区仙霞路9号"},
}


@pytest.fixture
def qgis(editor):
    """A desktop client: HTTP Basic credentials, no session cookie, no CSRF token."""
    import base64

    auth = "Basic " + base64.b64encode(b"editor:correct-horse-battery").decode()
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=auth)


def test_create_replace_delete_round_trip(qgis, editor):
    created = qgis.post(ITEMS, json.dumps(SHELTER), content_type="application/geo+json")
    assert created.status_code == 201, created.content
    location = created["Location"]
    fid = int(location.rstrip("/").split("/")[-1])
    item = qgis.get(f"{ITEMS}/{fid}?f=json")
    assert item.json()["properties"]["name"] == "QGIS新增避难点"
    etag = item["ETag"]
    replaced = {**SHELTER, "properties": {**SHELTER["properties"], "area_m2": 700}}
    assert qgis.put(f"{ITEMS}/{fid}", json.dumps(replaced), content_type="application/geo+json",
                    HTTP_IF_MATCH=etag).status_code == 204
    assert qgis.get(f"{ITEMS}/{fid}?f=json").json()["properties"]["capacity"] == 1400  # 700 m² ÷ 0.5 m²
    stale = qgis.put(f"{ITEMS}/{fid}", json.dumps(replaced), content_type="application/geo+json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and "当前版本" in stale.json()["description"]
    assert qgis.delete(f"{ITEMS}/{fid}").status_code == 428
    assert qgis.delete(f"{ITEMS}/{fid}", HTTP_IF_MATCH=qgis.get(f"{ITEMS}/{fid}?f=json")["ETag"]).status_code == 200
    actions = list(AuditEntry.objects.filter(table_name="onemap_shelter", row_pk=str(fid)).values_list(
        "action", "actor", "route"))
    assert [a for a, _, _ in actions] == ["insert", "update", "delete"]
    assert all(actor == f"user:{editor.pk}:editor" for _, actor, _ in actions)
    assert actions[0][2] == f"POST {ITEMS}"


def test_invalid_feature_is_400_and_writes_nothing(qgis):
    bad = {**SHELTER, "properties": {**SHELTER["properties"], "shelter_class": "IX"}}
    response = qgis.post(ITEMS, json.dumps(bad), content_type="application/geo+json")
    assert response.status_code == 400 and "shelter_class" in response.json()["description"]
    assert qgis.post(ITEMS, "{not json", content_type="application/geo+json").status_code == 400
    assert not AuditEntry.objects.filter(table_name="onemap_shelter").exists()


def test_browser_session_write_needs_csrf_token(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(ITEMS, json.dumps(SHELTER), content_type="application/geo+json")
    assert response.status_code == 403
    browser.get("/ogc/collections/shelters?f=json")
    token = browser.cookies.get("csrftoken")
    if token is None:  # the GET above set no cookie: ask Django for one the way a page would
        from django.middleware.csrf import _get_new_csrf_string

        browser.cookies["csrftoken"] = token_value = _get_new_csrf_string()
    else:
        token_value = token.value
    ok = browser.post(ITEMS, json.dumps(SHELTER), content_type="application/geo+json", HTTP_X_CSRFTOKEN=token_value)
    assert ok.status_code == 201, ok.content


def test_not_editable_and_not_allowed(client, staff_user, qgis):
    factories.warning(1)
    assert qgis.post("/ogc/collections/warnings/items", json.dumps(SHELTER),
                     content_type="application/geo+json").status_code == 403
    client.force_login(staff_user)
    assert client.post(ITEMS, json.dumps(SHELTER), content_type="application/geo+json").status_code == 403


def test_conformance_claims_part_4(client):
    classes = client.get("/ogc/conformance?f=json").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete" in classes
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json" in classes
    assert not any("temporal-functions" in c or "records" in c for c in classes)
