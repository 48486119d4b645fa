"""The layer registry is the single source of truth: validated on load, and a new entry shows up
in /ogc, /api/layers/ and tiles with no other change."""
import dataclasses

import mapbox_vector_tile
import pytest

from layers.database_views import sync_layer_views
from layers.errors import LayerRegistryError, UnknownLayer
from layers.registry import Layer, Prop, load_catalog, registry
from tests import factories
from tests.helpers import tile_of


def entry(**overrides):
    base = dict(id="large_shelters", title_zh="大型避难场所", title_en="Large shelters", model="shelters.Shelter",
                geometry_type="Point", properties=("name", "capacity"), style="shelters", group="shelters",
                where="t.capacity >= 5000")
    return Layer(**{**base, **overrides})


@pytest.mark.parametrize("overrides,message", [
    ({"id": "Bad-Id"}, "id must be"),
    ({"access": "secret"}, "access must be"),
    ({"geometry_type": "Polygon"}, "geometry_type Polygon"),
    ({"properties": ("name", "no_such_field")}, "no field 'no_such_field'"),
    ({"properties": ("name", Prop("x", sql="1"))}, "needs type and labels"),
    ({"properties": ("capacity",)}, "title_property name"),
    ({"style": "no_such_style"}, "style file no_such_style.json is missing"),
    ({"minzoom": 12, "maxzoom": 3}, "zoom range"),
    ({"model": "resources.StockItem"}, "exactly one geometry field"),
])
def test_invalid_entries_are_refused(overrides, message):
    with pytest.raises(LayerRegistryError, match=message):
        entry(**overrides).validate()


def test_duplicate_id_refused():
    with pytest.raises(LayerRegistryError, match="registered twice"):
        registry.register(entry(id="shelters"))


def test_catalog_is_valid_and_every_layer_has_a_style():
    for layer in load_catalog().all():
        layer.validate()


@pytest.fixture
def extra_layer(db):
    layer = registry.register(entry())
    sync_layer_views()
    yield layer
    registry.unregister(layer.id)
    sync_layer_views()


@pytest.mark.django_db
def test_new_entry_is_served_everywhere(client, extra_layer):
    factories.shelter(1, area_m2=200)  # capacity 100 (computed: 2 m² a person)
    big = factories.shelter(2, area_m2=18000, x=121.37, y=31.215)  # capacity 9000
    collections = {c["id"] for c in client.get("/ogc/collections?f=json").json()["collections"]}
    assert "large_shelters" in collections
    listed = {item["id"]: item for item in client.get("/api/layers/").json()["layers"]}
    assert listed["large_shelters"]["title"] == {"zh": "大型避难场所", "en": "Large shelters"}
    items = client.get("/ogc/collections/large_shelters/items?f=json").json()
    assert [f["id"] for f in items["features"]] == [big.id]
    assert set(items["features"][0]["properties"]) == {"name", "capacity"}
    x, y = tile_of(121.37 + 1e-6, 31.215 - 1e-6, 14)
    tile = client.get(f"/ogc/collections/large_shelters/tiles/WebMercatorQuad/14/{y}/{x}")
    assert tile.status_code == 200
    decoded = mapbox_vector_tile.decode(tile.content)["large_shelters"]["features"]
    assert [f["id"] for f in decoded] == [big.id]


@pytest.mark.django_db
def test_api_layers_describes_styles_labels_and_links(client):
    layers = {item["id"]: item for item in client.get("/api/layers/").json()["layers"]}
    shelters = layers["shelters"]
    assert shelters["style"]["layers"] and shelters["style"]["legend"]
    capacity = next(p for p in shelters["properties"] if p["name"] == "capacity")
    assert capacity["type"] == "integer"
    assert capacity["label"]["en"] == "capacity (persons)"
    shelter_class = next(p for p in shelters["properties"] if p["name"] == "shelter_class")
    assert set(shelter_class["choices"]) == {"I", "II", "III"}
    assert shelters["links"]["tiles"].endswith("/ogc/collections/shelters/tiles/WebMercatorQuad/{z}/{y}/{x}")


def test_a_replaced_layer_keeps_its_place_in_the_list():
    catalog = load_catalog()
    order = [layer.id for layer in catalog.all()]
    original = catalog.get("events")
    catalog.replace(dataclasses.replace(original, minzoom=original.minzoom))
    try:
        assert [layer.id for layer in catalog.all()] == order
    finally:
        catalog.replace(original)
    with pytest.raises(UnknownLayer):
        catalog.replace(entry(id="not_registered"))


def test_a_row_filter_may_name_only_the_reader():
    with pytest.raises(LayerRegistryError, match="may name only"):
        entry(row_filters={"commander": "owner = {owner_id}"}).validate()
    entry(row_filters={"commander": "id IN (SELECT 1 WHERE 1 = {user_id})"}).validate()


@pytest.mark.django_db
def test_the_access_signature_is_personal_only_where_a_filter_names_the_reader():
    from geo_api.accounts.roles import Role
    from layers.access import access_signature
    from tests.conftest import user_with_roles

    one, two = user_with_roles("sig_a", Role.FIELD_RESPONDER), user_with_roles("sig_b", Role.FIELD_RESPONDER)
    assert access_signature(one) != access_signature(two)
    commanders = [user_with_roles(name, Role.COMMANDER) for name in ("sig_c", "sig_d")]
    assert access_signature(commanders[0]) == access_signature(commanders[1])


def test_the_catalogue_is_loaded_once_when_threads_ask_at_the_same_time(monkeypatch):
    import threading
    import time

    from layers import registry as module

    fresh = module.Registry()
    register = fresh.register

    def slow_register(layer):  # a worker's first registration takes time: validation, styles
        time.sleep(0.002)
        return register(layer)

    fresh.register = slow_register
    monkeypatch.setattr(module, "registry", fresh)
    start, errors = threading.Barrier(8), []

    def ask():
        start.wait()
        try:
            module.load_catalog()
        except LayerRegistryError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and [layer.id for layer in fresh.all()] == [layer.id for layer in load_catalog().all()]
