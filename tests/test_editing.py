"""Editing layer features through /api: validation, who/when, and the same feature in /ogc."""
import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from geo_api.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

POINT = {"type": "Point", "coordinates": [121.401, 31.211]}
SHELTER = {
    "code": "SH-NEW-1", "name": "新建避难场所", "shelter_class": "III", "shelter_type": "emergency",
    "space_type": "outdoor", "tier": "community", "area_m2": 800, "capacity": 400,
    "designation_status": "collected", "managing_unit": "长宁区仙霞新村街道办事处", "address": "长宁区仙霞路100号",
}


def feature(properties, geometry=POINT):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


@pytest.fixture
def editing_client(client, editor):
    client.force_login(editor)
    return client


def test_create_point_appears_in_ogc_with_who_and_when(editing_client, editor):
    district = factories.district(5, geom=factories.square(121.39, 31.20, 0.03))
    response = editing_client.post("/api/layers/shelters/features/", feature(SHELTER), content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["properties"]["district_name"] == district.name
    ogc = editing_client.get(f"/ogc/collections/shelters/items/{created['id']}?f=json").json()
    assert ogc["properties"]["name"] == "新建避难场所"
    assert ogc["geometry"]["coordinates"] == [121.401, 31.211]
    entry = AuditEntry.objects.get(table_name="onemap_shelter", row_pk=str(created["id"]))
    assert entry.actor == f"user:{editor.pk}:editor" and entry.action == "insert" and entry.at is not None
    assert entry.route == "POST /api/layers/shelters/features/"


def test_draw_polygon_then_move_a_vertex(editing_client):
    ring = [[121.43, 31.21], [121.435, 31.21], [121.435, 31.214], [121.43, 31.214], [121.43, 31.21]]
    zone = {"name": "积水点", "zone_type": "waterlogging", "risk_colour": "orange", "responsible_unit": "长宁区水务局"}
    created = editing_client.post("/api/layers/risk_zones/features/",
                                  feature(zone, {"type": "Polygon", "coordinates": [ring]}),
                                  content_type="application/json")
    assert created.status_code == 201, created.content
    fid = created.json()["id"]
    assert created.json()["geometry"]["type"] == "MultiPolygon"
    moved = [list(p) for p in ring]
    moved[2] = [121.437, 31.215]
    response = editing_client.patch(f"/api/layers/risk_zones/features/{fid}/",
                                    feature({}, {"type": "Polygon", "coordinates": [moved]}),
                                    content_type="application/json", HTTP_IF_MATCH=created["ETag"])
    assert response.status_code == 200, response.content
    assert response.json()["geometry"]["coordinates"][0][0][2] == [121.437, 31.215]
    entry = AuditEntry.objects.get(table_name="onemap_riskzone", row_pk=str(fid), action="update")
    assert set(entry.changes) == {"geom", "updated_at"}


def test_edit_attributes_and_delete(editing_client):
    shelter = factories.shelter(1)
    url = f"/api/layers/shelters/features/{shelter.id}/"
    etag = editing_client.get(url)["ETag"]
    # The capacity is computed from the area (geo_api/shelters/capacity.py): edit the area.
    response = editing_client.patch(url, feature({"area_m2": 6000}, None), content_type="application/json",
                                    HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["properties"]["capacity"] == 3000
    entry = AuditEntry.objects.get(table_name="onemap_shelter", row_pk=str(shelter.id), action="update")
    assert entry.changes["capacity"] == {"old": 2500, "new": 3000}
    assert editing_client.delete(url, HTTP_IF_MATCH=response["ETag"]).status_code == 204
    assert editing_client.get(f"/ogc/collections/shelters/items/{shelter.id}?f=json").status_code == 404
    assert AuditEntry.objects.filter(table_name="onemap_shelter", row_pk=str(shelter.id), action="delete").exists()


@pytest.mark.parametrize("properties,geometry,field,message", [
    ({**SHELTER, "name": ""}, POINT, "name", "不能为空"),
    ({**SHELTER, "area_m2": -5}, POINT, "area_m2", ""),
    ({**SHELTER, "shelter_class": "IV"}, POINT, "shelter_class", "IV"),
    (SHELTER, {"type": "Polygon", "coordinates": [[[121.4, 31.2], [121.41, 31.2], [121.41, 31.21], [121.4, 31.2]]]},
     "geometry", "Point"),
    (SHELTER, {"type": "Point", "coordinates": [31.21, 121.40]}, "geometry", "上海"),
    (SHELTER, None, "geometry", "地图"),
])
def test_validation_errors_name_the_field(editing_client, properties, geometry, field, message):
    response = editing_client.post("/api/layers/shelters/features/", feature(properties, geometry),
                                   content_type="application/json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors and message in " ".join(errors[field])
    assert not AuditEntry.objects.filter(table_name="onemap_shelter").exists()


def test_english_messages_on_request(editing_client):
    response = editing_client.post("/api/layers/shelters/features/", feature({**SHELTER, "name": ""}),
                                   content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert "blank" in " ".join(response.json()["errors"]["name"])


def test_refusals(client, staff_user, editor):
    shelter_json = feature(SHELTER)
    assert client.post("/api/layers/shelters/features/", shelter_json,
                       content_type="application/json").status_code == 401
    client.force_login(staff_user)
    assert client.post("/api/layers/shelters/features/", shelter_json,
                       content_type="application/json").status_code == 403
    client.force_login(editor)
    assert client.post("/api/layers/warnings/features/", feature({}),
                       content_type="application/json").status_code == 403
    assert client.post("/api/layers/nope/features/", shelter_json, content_type="application/json").status_code == 404
    assert client.patch("/api/layers/shelters/features/999999/", feature({}, None),
                        content_type="application/json", HTTP_IF_MATCH='"x"').status_code == 404


def test_browser_writes_need_csrf(editor):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.post("/api/layers/shelters/features/", feature(SHELTER),
                        content_type="application/json").status_code == 403


def test_form_schema(editing_client):
    schema = editing_client.get("/api/layers/shelters/schema/").json()
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["geometry_type"] == "Point"
    assert fields["name"]["required"] and fields["name"]["label"]["zh"] == "名称"
    assert [c["value"] for c in fields["shelter_class"]["choices"]] == ["I", "II", "III"]
    assert "updated_at" not in fields and "district_name" not in fields


def test_changes_feed_filters_by_access(client, editor):
    client.force_login(editor)
    client.post("/api/layers/shelters/features/", feature(SHELTER), content_type="application/json")
    client.post("/api/layers/risk_zones/features/", feature(
        {"name": "施工区", "zone_type": "construction", "risk_colour": "yellow", "responsible_unit": "某公司"},
        {"type": "Polygon", "coordinates": [[[121.4, 31.2], [121.41, 31.2], [121.41, 31.21], [121.4, 31.2]]]}),
        content_type="application/json")
    everything = client.get("/api/changes/?after=0").json()
    assert [c["layer"] for c in everything["changes"]] == ["shelters", "risk_zones"]
    client.logout()
    public = client.get("/api/changes/?after=0").json()
    assert [c["layer"] for c in public["changes"]] == ["shelters"]
    assert client.get("/api/changes/?after=x").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_live_push_over_websocket(editor):
    from geo_api.asgi import application

    def edit():
        from geo_api.editing import services
        from layers.registry import load_catalog

        return services.feature_create(user=editor, layer=load_catalog().get("shelters"),
                                       properties=SHELTER, geometry=POINT)

    async def scenario():
        socket = WebsocketCommunicator(application, "/ws/changes/", headers=[(b"host", b"127.0.0.1"),
                                                                           (b"origin", b"http://127.0.0.1")])
        connected, _ = await socket.connect()
        assert connected
        created = await database_sync_to_async(edit)()
        frame = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return created, frame

    created, frame = asyncio.run(scenario())
    assert frame["last_seq"] == AuditEntry.objects.latest("id").id
    assert frame["changes"] == [{"seq": frame["last_seq"], "layer": "shelters", "id": created.id, "action": "created"}]
