"""The pygeoapi configuration, generated from the layer registry (never written by hand).

One configuration per audience (the set of layers a user may read), so the collection list,
the OpenAPI document and every link show only what that user can open."""
from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from pygeoapi.api import API
from pygeoapi.openapi import get_oas

from layers.registry import Layer, load_catalog

from . import pages
from .crs import CRS84, SUPPORTED_CRS
from .extents import extents_of

FEATURE_PROVIDER = "ogc.providers.features.PostGISFeatureProvider"
TILE_PROVIDER = "ogc.providers.tiles.PostGISTileProvider"


# Configurations kept: audiences x public URLs. Hosts are checked against ALLOWED_HOSTS, but a
# client may still vary the port in its Host header, so the cache is bounded.
MAX_CACHED_APIS = 64


def base_url(public: str) -> str:
    return f"{public}/{settings.OGC_MOUNT}"


def resource(layer: Layer, bbox) -> dict:
    data = {"layer": layer.id}
    return {
        "type": "collection",
        "title": {"zh": layer.title_zh, "en": layer.title_en},
        "description": {"zh": layer.description_zh or layer.title_zh, "en": layer.description_en or layer.title_en},
        "keywords": {"zh": list(layer.keywords) or [layer.title_zh], "en": [layer.title_en]},
        "links": [],
        "extents": {"spatial": {"bbox": list(bbox), "crs": CRS84}},
        "providers": [
            {
                "type": "feature", "name": FEATURE_PROVIDER, "data": data, "id_field": "id",
                "title_field": layer.title_property, "geom_field": "geom", "crs": SUPPORTED_CRS,
                "storage_crs": CRS84, "editable": layer.editable,
            },
            {
                "type": "tile", "name": TILE_PROVIDER, "data": data,
                "options": {"zoom": {"min": layer.minzoom, "max": layer.maxzoom}, "schemes": ["WebMercatorQuad"]},
                "format": {"name": "pbf", "mimetype": "application/vnd.mapbox-vector-tile"},
            },
        ],
    }


def pygeoapi_config(layers: list[Layer], public: str, extents: dict | None = None) -> dict:
    """`public` is the scheme://host[:port] of the request (geo_api/common/public_url.py);
    `extents` each layer's bbox (ogc/extents.py), measured when not given."""
    extents = extents if extents is not None else extents_of(layers)
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": 8000},
            "url": base_url(public),
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "gzip": False,
            "languages": ["zh", "en-US"],  # babel knows zh_Hans_CN, not zh_CN
            "pretty_print": False,
            "limits": {
                "default_items": settings.OGC_DEFAULT_LIMIT, "max_items": settings.OGC_MAX_LIMIT,
                "on_exceed": "error",
            },
            "map": {"url": "", "attribution": "长宁区应急管理局"},
            # Our own page templates (ogc/templates): Chinese first, Shanghai times, no CDN.
            "templates": {"path": str(pages.TEMPLATES)},
            "onemap_assets": pages.assets(),
            "onemap_layers": pages.layer_labels(layers),
            "admin": False,
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": {"zh": "长宁区应急管理一张图", "en": "Changning Emergency One-Map"},
                "description": {
                    "zh": "长宁区应急管理局一张图图层的 OGC API 服务（要素与矢量瓦片）。",
                    "en": "OGC API Features and Tiles for the layers of the Changning Emergency One-Map.",
                },
                "keywords": {"zh": ["应急管理", "一张图", "长宁区"], "en": ["emergency management", "one-map"]},
                "keywords_type": "theme",
                "terms_of_service": "https://creativecommons.org/licenses/by/4.0/",
                "url": public,
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "长宁区应急管理局", "url": public},
            "contact": {
                "name": "长宁区应急管理局值班室", "position": "值班员", "address": "长宁区", "city": "上海",
                "stateorprovince": "上海", "postalcode": "200050", "country": "中国", "phone": "",
                "fax": "", "email": "", "url": public, "hours": "24/7",
                "instructions": "", "role": "pointOfContact",
            },
        },
        "resources": {layer.id: resource(layer, extents[layer.id]) for layer in layers},
    }


class _Apis:
    """pygeoapi API objects by audience and public URL (pygeoapi writes its base URL into every
    link and page when the object is built), rebuilt when the registry changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, API] = OrderedDict()

    def get(self, layer_ids: frozenset[str], public: str) -> API:
        registry = load_catalog()
        layers = [layer for layer in registry.all() if layer.id in layer_ids]
        extents = extents_of(layers)
        key = (registry.version, layer_ids, public, tuple(sorted(extents.items())), pages.assets_version())
        api = self._cache.get(key)
        if api is None:
            with self._lock:
                if key not in self._cache:
                    if any(k[0] != registry.version for k in self._cache):
                        self._cache.clear()
                    config = pygeoapi_config(layers, public, extents)
                    self._cache[key] = API(config, get_oas(config))
                    while len(self._cache) > MAX_CACHED_APIS:
                        self._cache.popitem(last=False)
                api = self._cache[key]
        return api


apis = _Apis()
