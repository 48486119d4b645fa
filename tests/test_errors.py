"""One domain error base, one place for refusals: a DomainError raised anywhere under a view (a
service, a provider) answers with its own status and message on /api and on /ogc alike, and a
refusal reads the same on both, in the request's language, saying what to do."""
import base64
import json

import pytest
from django.test import Client

from geo_api.common.errors import AUTH_CHALLENGE, Conflict, NotFound, OwnedByWorkflow, Refused
from geo_api.editing import services
from ogc.providers.features import PostGISFeatureProvider
from ogc.providers.tiles import PostGISTileProvider
from tests import factories
from tests.helpers import tile_of
from tests.test_ogc_writes import SHELTER

pytestmark = pytest.mark.django_db
API = "/api/layers/shelters/features"
OGC = "/ogc/collections/shelters/items"
GEOJSON = "application/geo+json"


@pytest.fixture
def browser(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def qgis(editor):
    auth = "Basic " + base64.b64encode(b"editor:correct-horse-battery").decode()
    return Client(HTTP_AUTHORIZATION=auth)


def _raise(error):
    def service(**kwargs):
        raise error

    return service


WORKFLOW = OwnedByWorkflow("状态由流程变更：请 POST /api/shelters/1/transitions/<流转名>/ 并说明原因。",
                           field="designation_status", allowed=["designate", "revoke"])
CONFLICT = Conflict("该场所已停用，不能再修改；请先启用。", allowed=["reactivate"])


@pytest.mark.parametrize("error", [WORKFLOW, CONFLICT], ids=["owned_by_workflow", "conflict"])
def test_a_service_error_keeps_its_status_and_message_on_api_and_ogc(monkeypatch, browser, qgis, error):
    shelter = factories.shelter(1)
    for name in ("feature_create", "feature_update", "feature_delete"):
        monkeypatch.setattr(services, name, _raise(error))
    api_calls = [
        browser.post(f"{API}/", SHELTER, content_type="application/json"),
        browser.patch(f"{API}/{shelter.pk}/", SHELTER, content_type="application/json", HTTP_IF_MATCH="*"),
        browser.delete(f"{API}/{shelter.pk}/", HTTP_IF_MATCH="*"),
    ]
    for response in api_calls:
        assert response.status_code == 409, response.content
        body = response.json()
        assert body["detail"] == error.message and body["code"] == error.code
        assert body["allowed"] == error.detail["allowed"]
    ogc_calls = [
        qgis.post(OGC, json.dumps(SHELTER), content_type=GEOJSON),
        qgis.put(f"{OGC}/{shelter.pk}", json.dumps(SHELTER), content_type=GEOJSON, HTTP_IF_MATCH="*"),
        qgis.patch(f"{OGC}/{shelter.pk}", json.dumps(SHELTER), content_type=GEOJSON, HTTP_IF_MATCH="*"),
        qgis.delete(f"{OGC}/{shelter.pk}", HTTP_IF_MATCH="*"),
    ]
    for response in ogc_calls:
        assert response.status_code == 409, response.content
        body = response.json()
        assert body["code"] == "Conflict" and body["reason"] == error.code
        assert body["description"] == error.message and body["allowed"] == error.detail["allowed"]


def test_a_domain_error_from_a_read_provider_is_not_a_500(monkeypatch, client, one_of_each):
    def refuse(self, *args, **kwargs):
        raise Refused("只读演示：请联系值班室。")

    def missing(self, *args, **kwargs):
        raise NotFound("没有此瓦片的数据源；请刷新图层列表。")

    monkeypatch.setattr(PostGISFeatureProvider, "query", refuse)
    monkeypatch.setattr(PostGISTileProvider, "get_tiles", missing)
    items = client.get(f"{OGC}?f=json")
    assert items.status_code == 403 and items.json()["description"] == "只读演示：请联系值班室。"
    x, y = tile_of(121.40, 31.21, 14)
    tile = client.get(f"/ogc/collections/shelters/tiles/WebMercatorQuad/14/{y}/{x}")
    assert tile.status_code == 404 and tile.json()["description"] == "没有此瓦片的数据源；请刷新图层列表。"


def _same_refusal(api, ogc, status):
    assert api.status_code == ogc.status_code == status, (api.content, ogc.content)
    assert api.json()["detail"] == ogc.json()["description"]
    return api.json()["detail"]


def test_anonymous_readers_are_told_to_sign_in_in_their_language(client, one_of_each):
    api = client.get(f"/api/layers/events/features/{one_of_each['events'].pk}/")
    ogc = client.get("/ogc/collections/events/items?f=json")
    assert _same_refusal(api, ogc, 401) == "请先登录，再查看图层“突发事件”。"
    assert api["WWW-Authenticate"] == ogc["WWW-Authenticate"] == AUTH_CHALLENGE
    english = client.get("/ogc/collections/events/items?f=json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["description"] == "Sign in to read the layer “Events”."


def test_signed_in_without_the_right_is_told_whom_to_ask(client, staff_user, one_of_each):
    client.force_login(staff_user)
    api = client.get("/api/layers/personnel_positions/schema/")
    ogc = client.get("/ogc/collections/personnel_positions/items?f=json")
    assert "请联系管理员开通权限" in _same_refusal(api, ogc, 403)


def test_edit_refusals_read_the_same_on_api_and_ogc(client, editor, one_of_each):
    feature = json.dumps(SHELTER)
    anonymous = _same_refusal(client.post(f"{API}/", feature, content_type="application/json"),
                              client.post(OGC, feature, content_type=GEOJSON), 401)
    assert anonymous == "请先登录，再编辑图层“应急避难场所”。"
    client.force_login(editor)
    read_only = _same_refusal(client.post("/api/layers/warnings/features/", feature, content_type="application/json"),
                              client.post("/ogc/collections/warnings/items", feature, content_type=GEOJSON), 403)
    assert "只读" in read_only
    unknown = _same_refusal(client.post("/api/layers/no_such_layer/features/", feature,
                                        content_type="application/json"),
                            client.post("/ogc/collections/no_such_layer/items", feature, content_type=GEOJSON), 404)
    assert "no_such_layer" in unknown and "/api/layers/" in unknown


def test_edit_answers_keep_their_shapes(browser, qgis):
    bad = {**SHELTER, "properties": {**SHELTER["properties"], "shelter_class": "IX"}}
    invalid = browser.post(f"{API}/", bad, content_type="application/json")
    assert invalid.status_code == 400 and list(invalid.json()["errors"]) == ["shelter_class"]
    assert "shelter_class" in invalid.json()["detail"]
    ogc_invalid = qgis.post(OGC, json.dumps(bad), content_type=GEOJSON)
    assert ogc_invalid.status_code == 400 and ogc_invalid.json()["errors"] == invalid.json()["errors"]

    created = browser.post(f"{API}/", SHELTER, content_type="application/json")
    fid, first_etag = created.json()["id"], created["ETag"]
    changed = {**SHELTER, "properties": {"area_m2": 999}}
    assert browser.patch(f"{API}/{fid}/", changed, content_type="application/json",
                         HTTP_IF_MATCH=first_etag).status_code == 200
    stale = browser.patch(f"{API}/{fid}/", changed, content_type="application/json", HTTP_IF_MATCH=first_etag)
    assert stale.status_code == 412
    assert stale.json()["current"]["properties"]["area_m2"] == 999
    assert stale["ETag"] == browser.get(f"{API}/{fid}/")["ETag"] != first_etag
    ogc_stale = qgis.put(f"{OGC}/{fid}", json.dumps(SHELTER), content_type=GEOJSON, HTTP_IF_MATCH=first_etag)
    assert ogc_stale.status_code == 412 and ogc_stale["ETag"] == stale["ETag"]
    assert stale["ETag"] in ogc_stale.json()["description"]

    required = browser.delete(f"{API}/{fid}/")
    assert required.status_code == 428 and "If-Match" in required.json()["detail"]
    assert qgis.delete(f"{OGC}/{fid}").json()["description"] == required.json()["detail"]
    gone = browser.get(f"{API}/999999/")
    assert gone.status_code == 404 and "刷新地图" in gone.json()["detail"]
