"""The stock contract: GET /api/warehouses/{id}/stock/, POST /api/stock-movements/ (201 / 409),
GET /api/warehouses/nearest/ (ordering by distance on the ellipsoid and the quantity threshold)."""
import json
from datetime import date

import pytest
from django.test import Client

from geo_api.resources.models import StockItem
from tests.conftest import user_with_roles

from .conftest import make_warehouse, stock

pytestmark = pytest.mark.django_db


def post(client, body):
    return client.post("/api/stock-movements/", data=json.dumps(body), content_type="application/json")


@pytest.fixture
def keeper_client(keeper):
    client = Client()
    client.force_login(keeper)
    return client


def test_stock_lists_code_name_unit_quantity_expiry_minimum(keeper, client):
    w = make_warehouse(1)
    stock(w, code="1020101", quantity=12, expires_on=date(2027, 4, 30))
    StockItem.objects.filter(warehouse=w).update(minimum=20)
    body = client.get(f"/api/warehouses/{w.pk}/stock/").json()
    assert body["name"] == w.name
    assert body["items"] == [{
        "id": body["items"][0]["id"], "code": "1020101", "name": "瓶装饮用水", "unit": "箱", "quantity": "12",
        "expiry": "2027-04-30", "minimum": "20", "class": "基本生活保障物资", "below_minimum": True,
        "expired": False, "expiring": False}]
    assert client.get("/api/warehouses/999999/stock/").status_code == 404


def test_movement_201_then_409_when_it_would_go_negative(keeper_client, keeper):
    w = make_warehouse(1)
    stock(w, quantity=10)
    ok = post(keeper_client, {"kind": "out", "warehouse": w.pk, "material_code": "1010101", "quantity": 4,
                              "reason": "火灾安置"})
    assert ok.status_code == 201, ok.content
    assert ok.json()["balance_after"] == "6" and ok.json()["by"] == "keeper"
    refused = post(keeper_client, {"kind": "out", "warehouse": w.pk, "material_code": "1010101", "quantity": 7,
                                   "reason": "再次领用"})
    assert refused.status_code == 409
    assert refused.json()["available"] == "6.00" and "6" in refused.json()["detail"]
    assert StockItem.objects.get(warehouse=w).quantity == 6


def test_transfer_through_the_api(keeper_client, keeper):
    a, b = make_warehouse(1), make_warehouse(2, lon=121.41)
    stock(a, quantity=10)
    answer = post(keeper_client, {"kind": "transfer", "warehouse": a.pk, "to_warehouse": b.pk,
                                  "material_code": "1010101", "quantity": "2.5", "reason": "调拨"})
    assert answer.status_code == 201
    assert (answer.json()["balance_after"], answer.json()["to_balance_after"]) == ("7.5", "2.5")


@pytest.mark.parametrize("body, status", [
    ({"kind": "out", "warehouse": "x", "material_code": "1010101", "quantity": 1, "reason": "r"}, 400),
    ({"kind": "out", "warehouse": 1, "material_code": "1010101", "quantity": 1, "reason": "r", "extra": 1}, 400),
    ({"kind": "out", "warehouse": 1, "material_code": 1010101, "quantity": 1, "reason": "r"}, 400),
    ({"kind": "in", "warehouse": 1, "material_code": "1010101", "quantity": 1, "reason": "r",
      "expires_on": "tomorrow"}, 400),
    ({"kind": "in", "warehouse": 999999, "material_code": "1010101", "quantity": 1, "reason": "r"}, 404),
    ([1, 2], 400),
])
def test_bad_bodies_are_4xx_with_a_message(keeper_client, body, status):
    answer = keeper_client.post("/api/stock-movements/", data=json.dumps(body), content_type="application/json")
    assert answer.status_code == status, answer.content
    assert answer.json()["detail"]


def test_who_may_record_movements(keeper):
    w = make_warehouse(1)
    body = {"kind": "in", "warehouse": w.pk, "material_code": "1010101", "quantity": 1, "reason": "入库"}
    assert post(Client(), body).status_code == 401
    for role, expected in (("external_agency", 403), ("shelter_staff", 403), ("commander", 201),
                           ("duty_officer", 201), ("gis_analyst", 201)):
        client = Client()
        client.force_login(user_with_roles(f"u-{role}", role))
        assert post(client, body).status_code == expected, role


def test_nearest_warehouses_holding_enough_in_distance_order(keeper, client):
    # Along one parallel: ~95 m, ~950 m and ~1.9 km east of the point asked about.
    near = make_warehouse(1, lon=121.401)
    middle = make_warehouse(2, lon=121.41)
    far = make_warehouse(3, lon=121.42)
    stock(near, quantity=5)     # not enough
    stock(middle, quantity=50)
    stock(far, quantity=80)
    stock(near, code="2010101", quantity=500)  # another material does not count
    answer = client.get("/api/warehouses/nearest/", {"material_code": "1010101", "quantity": 20, "lon": 121.40,
                                                     "lat": 31.21})
    assert answer.status_code == 200
    rows = answer.json()["warehouses"]
    assert [r["id"] for r in rows] == [middle.pk, far.pk]
    assert 930 < rows[0]["distance_m"] < 970 and 1880 < rows[1]["distance_m"] < 1930
    assert rows[0]["quantity"] == "50" and rows[0]["material_name"] == "单帐篷"
    everyone = client.get("/api/warehouses/nearest/", {"material_code": "1010101", "quantity": 1, "lon": 121.40,
                                                       "lat": 31.21}).json()["warehouses"]
    assert [r["id"] for r in everyone] == [near.pk, middle.pk, far.pk]
    assert client.get("/api/warehouses/nearest/", {"material_code": "1010101", "quantity": 81, "lon": 121.40,
                                                   "lat": 31.21}).json()["warehouses"] == []


@pytest.mark.parametrize("params", [
    {"material_code": "abc", "quantity": 1, "lon": 121.4, "lat": 31.2},
    {"material_code": "1010101", "quantity": -1, "lon": 121.4, "lat": 31.2},
    {"material_code": "1010101", "quantity": 1, "lon": 200, "lat": 31.2},
    {"material_code": "1010101", "quantity": 1, "lat": 31.2},
    {"material_code": "1010101", "quantity": 1, "lon": 121.4, "lat": 31.2, "limit": 0},
])
def test_nearest_bad_parameters_are_400(client, params):
    answer = client.get("/api/warehouses/nearest/", params)
    assert answer.status_code == 400 and answer.json()["detail"]
