"""Reads of the registry for the map client."""
from django.conf import settings

from .access import can_write, readable_layers
from .registry import Layer


def layer_summary(layer: Layer, user, public: str) -> dict:
    """`public`: scheme://host[:port] for the links (geo_api/common/public_url.py)."""
    ogc = f"{public}/{settings.OGC_MOUNT}/collections/{layer.id}"
    return {
        "id": layer.id,
        "title": {"zh": layer.title_zh, "en": layer.title_en},
        "description": {"zh": layer.description_zh, "en": layer.description_en},
        "group": layer.group,
        "geometry_type": layer.geometry_type,
        "access": layer.access,
        "editable": layer.editable,
        "writable": can_write(user, layer),
        "minzoom": layer.minzoom,
        "maxzoom": layer.maxzoom,
        "title_property": layer.title_property,
        "properties": [
            {"name": p.name, "type": p.type, "format": p.format, "label": {"zh": p.label_zh, "en": p.label_en},
             "choices": layer.choices.get(p.name)}
            for p in layer.published
        ],
        "style": layer.style_spec,
        "links": {
            "collection": ogc,
            "items": f"{ogc}/items",
            "tiles": f"{ogc}/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}",
        },
    }


def layer_list(user, public: str) -> list[dict]:
    return [layer_summary(layer, user, public) for layer in readable_layers(user)]
