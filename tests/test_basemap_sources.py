"""Base-map settings (geo_api/settings/basemaps.py): Tianditu WMTS URLs, custom templates, the
PMTiles entry, the origins the content security policy allows, and the page config. No network."""
from urllib.parse import parse_qs, urlsplit

import pytest

from geo_api.settings.basemaps import TIANDITU_HOSTS, basemaps_from, origins_of, tianditu_tiles


def test_tianditu_urls_are_wmts_kvp_gettile_over_eight_subdomains():
    tiles = tianditu_tiles("vec", "abc123")
    assert len(tiles) == 8
    assert [urlsplit(t).netloc for t in tiles] == [f"t{i}.tianditu.gov.cn" for i in range(8)]
    url = urlsplit(tiles[3])
    assert url.scheme == "https" and url.path == "/vec_w/wmts"
    query = parse_qs(url.query)
    assert {k: v[0] for k, v in query.items()} == {
        "SERVICE": "WMTS", "REQUEST": "GetTile", "VERSION": "1.0.0", "LAYER": "vec", "STYLE": "default",
        "TILEMATRIXSET": "w", "FORMAT": "tiles", "tk": "abc123",
        "TILEMATRIX": "{z}", "TILEROW": "{y}", "TILECOL": "{x}",
    }
    # MapLibre substitutes literal {z}/{x}/{y}: they must not be percent-encoded.
    assert "TILEMATRIX={z}&TILEROW={y}&TILECOL={x}" in tiles[0]


def test_tianditu_key_gives_vector_and_imagery_each_with_its_label_layer():
    basemaps = basemaps_from(tianditu_key="k")
    assert [b["id"] for b in basemaps] == ["tianditu_vec", "tianditu_img"]
    layers = [[urlsplit(layer["tiles"][0]).path for layer in b["layers"]] for b in basemaps]
    assert layers == [["/vec_w/wmts", "/cva_w/wmts"], ["/img_w/wmts", "/cia_w/wmts"]]
    assert basemaps[0]["title"]["zh"] == "天地图矢量" and basemaps[1]["title"]["zh"] == "天地图影像"
    assert origins_of(basemaps) == TIANDITU_HOSTS


def test_none_configured_means_no_basemap_and_no_extra_origins():
    assert basemaps_from() == []
    assert origins_of([]) == []


def test_custom_template_and_pmtiles_and_their_origins():
    basemaps = basemaps_from(url="https://a.tiles.example/{z}/{x}/{y}.png, https://b.tiles.example/{z}/{x}/{y}.png",
                             pmtiles_path="/srv/maps/changning.pmtiles")
    assert [b["id"] for b in basemaps] == ["pmtiles", "custom"]
    assert basemaps[0]["layers"] == [{"kind": "pmtiles", "url": "/basemap/changning.pmtiles"}]
    assert basemaps[1]["layers"][0]["tiles"] == ["https://a.tiles.example/{z}/{x}/{y}.png",
                                                 "https://b.tiles.example/{z}/{x}/{y}.png"]
    # The archive is same-origin: only the template hosts are added to the CSP.
    assert origins_of(basemaps) == ["https://a.tiles.example", "https://b.tiles.example"]


def _config(client):
    import json
    import re

    body = client.get("/").content.decode()
    return json.loads(re.search(r'<script id="onemap-config" type="application/json">(.*?)</script>', body, re.S)[1])


@pytest.mark.django_db
def test_page_config_carries_the_basemaps_with_the_archive_described(client, settings, tmp_path):
    from tests.pmtiles_archive import solid_png, write_archive

    archive = write_archive(tmp_path / "c.pmtiles", {(0, 0, 0): solid_png(), (1, 1, 0): solid_png()})
    settings.ONEMAP_PMTILES_PATH = str(archive)
    settings.ONEMAP_BASEMAPS = basemaps_from(tianditu_key="k", pmtiles_path=str(archive))
    config = _config(client)
    assert [b["id"] for b in config["basemaps"]] == ["pmtiles", "tianditu_vec", "tianditu_img"]
    assert config["basemap"]["id"] == "pmtiles"
    layer = config["basemap"]["layers"][0]
    assert layer["url"] == "/basemap/c.pmtiles"
    assert (layer["tileType"], layer["minzoom"], layer["maxzoom"]) == ("png", 0, 1)

    # An archive that is missing is left out rather than breaking the map.
    settings.ONEMAP_PMTILES_PATH = str(tmp_path / "gone.pmtiles")
    settings.ONEMAP_BASEMAPS = basemaps_from(pmtiles_path=str(tmp_path / "gone.pmtiles"))
    config = _config(client)
    assert config["basemaps"] == [] and config["basemap"] is None


@pytest.mark.django_db
def test_command_mode_is_offered_to_commanders_duty_officers_and_administrators(client, as_role):
    assert _config(client)["canCommand"] is False  # anonymous
    for role, offered in [("commander", True), ("duty_officer", True), ("administrator", True),
                          ("field_responder", False), ("gis_analyst", False), ("external_agency", False)]:
        assert _config(as_role(role))["canCommand"] is offered, role


@pytest.mark.django_db
def test_the_wall_knows_every_layer_id_to_start_the_calm_defaults(client):
    from layers.registry import load_catalog

    assert set(_config(client)["layerIds"]) == {layer.id for layer in load_catalog().all()}


def test_settings_add_configured_origins_to_the_csp(monkeypatch):
    import importlib

    import geo_api.settings.base as base

    monkeypatch.setenv("ONEMAP_TIANDITU_KEY", "k")
    try:
        reloaded = importlib.reload(base)
        directives = reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        for directive in ("img-src", "connect-src"):
            assert set(TIANDITU_HOSTS) <= set(directives[directive]), directive
        assert "https://t0.tianditu.gov.cn" not in directives["script-src"]
    finally:
        monkeypatch.delenv("ONEMAP_TIANDITU_KEY")
        importlib.reload(base)
