"""What the edit form of a layer shows, and how a submission is checked: derived from the
registry entry (its published model fields) and the model's own validators."""
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers

from layers.geometry_input import GeometryProblem, plain_geometry
from layers.registry import Layer

# Where a feature of this district's platform can sensibly be: Shanghai and its surroundings.
SHANGHAI_EXTENT = (120.8, 30.6, 122.2, 31.9)
_TYPE_NAMES = [
    (models.BooleanField, "boolean"), (models.TextField, "text"), ((models.IntegerField,), "integer"),
    ((models.FloatField, models.DecimalField), "number"), (models.DateTimeField, "date-time"),
    (models.DateField, "date"),
]


def editable_fields(layer: Layer) -> list[models.Field]:
    out = []
    for prop in layer.properties:
        name = prop if isinstance(prop, str) else prop.name
        try:
            field = layer.model_class._meta.get_field(name)
        except Exception:  # computed property: not edited
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) or field.is_relation:
            continue
        out.append(field)
    return out


def _labels(text) -> dict:
    with translation.override("zh-hans"):
        zh = str(text)
    with translation.override("en"):
        en = str(text)
    return {"zh": zh, "en": en}


def _workflow_hint(endpoint: str) -> dict:
    out = {}
    for language, key in (("zh-hans", "zh"), ("en", "en")):
        with translation.override(language):
            out[key] = _("Changed by its workflow (%(endpoint)s), not by editing.") % {"endpoint": endpoint}
    return out


def form_schema(layer: Layer) -> dict:
    fields = []
    for field in editable_fields(layer):
        kind = "string"
        for klass, name in _TYPE_NAMES:
            if isinstance(field, klass):
                kind = name
                break
        entry = {
            "name": field.name, "type": kind, "label": _labels(field.verbose_name),
            "required": not (field.blank or field.null or field.has_default()),
            "choices": [{"value": v, "label": _labels(lbl)} for v, lbl in field.choices] if field.choices else None,
            "max_length": getattr(field, "max_length", None),
        }
        endpoint = (layer.workflow_fields or {}).get(field.name)
        if endpoint:  # owned by a workflow: shown, never sent (editing/ownership.py refuses it)
            entry.update(readOnly=True, required=False, workflow=endpoint, hint=_workflow_hint(endpoint))
        fields.append(entry)
    return {"layer": layer.id, "geometry_type": layer.geometry_type, "fields": fields}


def property_serializer(layer: Layer, instance=None, data=None, partial=False) -> serializers.ModelSerializer:
    meta = type("Meta", (), {"model": layer.model_class, "fields": [f.name for f in editable_fields(layer)]})
    klass = type(f"{layer.model_class.__name__}EditSerializer", (serializers.ModelSerializer,), {"Meta": meta})
    return klass(instance=instance, data=data, partial=partial)


def clean_geometry(layer: Layer, raw) -> GEOSGeometry:
    """A GEOS geometry of the layer's type in EPSG:4326, or FeatureValidationError."""
    def fail(message):
        from .errors import FeatureValidationError

        raise FeatureValidationError({"geometry": [message]})

    if not isinstance(raw, dict) or "type" not in raw or "coordinates" not in raw:
        fail(_("Draw the feature on the map: a GeoJSON geometry is required."))
    try:
        # Shape checked first (GDAL's own errors say nothing useful); an altitude is dropped.
        plain = plain_geometry(raw)
    except GeometryProblem as problem:
        fail(problem.message)
    try:
        import json

        geom = GEOSGeometry(json.dumps(plain), srid=4326)
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        fail(_("The geometry could not be read: %(reason)s") % {"reason": exc})
    if layer.geometry_type == "MultiPolygon" and isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=4326)
    if geom.geom_type != layer.geometry_type:
        fail(_("This layer holds %(expected)s geometries, not %(got)s.") % {
            "expected": layer.geometry_type, "got": geom.geom_type})
    if not geom.valid:
        fail(_("The geometry is not valid: %(reason)s") % {"reason": geom.valid_reason})
    xmin, ymin, xmax, ymax = geom.extent
    if xmin < SHANGHAI_EXTENT[0] or ymin < SHANGHAI_EXTENT[1] or xmax > SHANGHAI_EXTENT[2] or ymax > SHANGHAI_EXTENT[3]:
        fail(_("The geometry lies outside Shanghai; check the coordinates (longitude first)."))
    return geom


def model_errors(exc: ValidationError) -> dict:
    return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
