"""The ≥ 15 % rule: the designated fixed shelters of a street hold at least 15 % of its population."""
import pytest

from geo_api.shelters.capacity import required_capacity
from tests import factories

pytestmark = pytest.mark.django_db


def test_required_capacity_rounds_up_to_a_whole_person():
    assert required_capacity(1000) == 150
    assert required_capacity(1001) == 151  # 150.15
    assert required_capacity(None) == 0


def test_capacity_by_street_applies_the_rule_to_designated_fixed_shelters(client):
    short = factories.district(1, population=10_000)    # needs 1500
    enough = factories.district(2, population=10_000)
    factories.shelter(1, district=short, area_m2=2000, shelter_type="fixed_short")      # 1000
    factories.shelter(2, district=short, area_m2=10_000, shelter_type="emergency")      # 20000, not fixed
    factories.shelter(3, district=short, area_m2=9000, shelter_type="fixed_long", designation_status="revoked")
    factories.shelter(4, district=enough, area_m2=3000, shelter_type="fixed_short")     # 1500: exactly 15 %
    body = client.get("/api/shelters/capacity-by-street/").json()
    rows = {r["code"]: r for r in body["streets"]}
    assert rows[short.code] | {} == {**rows[short.code], "required_capacity": 1500, "fixed_capacity": 1000,
                                     "meets_rule": False, "shortfall": 500, "capacity": 21000, "shelters": 2}
    assert (rows[enough.code]["fixed_capacity"], rows[enough.code]["meets_rule"]) == (1500, True)
    assert body["short"] == [short.code]
    coverage = client.get("/ogc/collections/shelter_coverage/items?f=json").json()["features"]
    shaded = {f["properties"]["code"]: f["properties"]["short_of_capacity"] for f in coverage}
    assert shaded == {short.code: True, enough.code: False}
