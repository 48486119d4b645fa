"""Declarative layer entries and their validation.

Everything else (the slim database views, the pygeoapi configuration, tiles, /api/layers/ and
access checks) is derived from the `Layer` entries registered here."""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.db import models
from psycopg import sql as psycopg_sql

from .errors import LayerRegistryError, UnknownLayer

ACCESS_LEVELS = ("public", "internal", "restricted")
GEOMETRY_TYPES = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
STYLES_DIR = Path(settings.BASE_DIR) / "styles"

# JSON-schema types for the published property of a model field.
# A row filter may name the reader: `{user_id}` becomes the signed-in user's id (NULL when anonymous).
USER_PLACEHOLDER = "{user_id}"

_FIELD_TYPES = [
    (models.BooleanField, "boolean", None),
    ((models.IntegerField, models.AutoField), "integer", None),
    ((models.FloatField, models.DecimalField), "number", None),
    (models.DateTimeField, "string", "date-time"),
    (models.DateField, "string", "date"),
]


@dataclass(frozen=True)
class Prop:
    """A published property. `sql` is an expression over the layer's table (alias `t`) and its
    `joins`; without it the property is the model field of the same name."""

    name: str
    sql: str | None = None
    label_zh: str | None = None
    label_en: str | None = None
    type: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class Layer:
    id: str
    title_zh: str
    title_en: str
    model: str
    geometry_type: str
    properties: tuple
    style: str
    group: str
    access: str = "public"
    editable: bool = False
    minzoom: int = 0
    maxzoom: int = 22
    title_property: str = "name"
    joins: str = ""
    where: str = ""
    description_zh: str = ""
    description_en: str = ""
    keywords: tuple = ()
    read_roles: frozenset | None = None
    write_roles: frozenset = frozenset()
    row_filters: dict | None = None
    # Properties only a workflow may change: {property: its transitions endpoint, "{id}" standing
    # for the feature id}. Generic edits (/api/layers/…/features/, OGC Part 4) refuse to change
    # them and the edit form shows them read-only.
    workflow_fields: dict | None = None

    @property
    def view_name(self) -> str:
        return f"layer_{self.id}"

    @cached_property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @cached_property
    def geometry_field(self) -> gis_models.GeometryField:
        geoms = [f for f in self.model_class._meta.fields if isinstance(f, gis_models.GeometryField)]
        if len(geoms) != 1:
            raise LayerRegistryError(f"layer {self.id}: {self.model} must have exactly one geometry field")
        return geoms[0]

    @cached_property
    def published(self) -> tuple[Prop, ...]:
        """Properties with SQL expression, type and labels filled in from the model."""
        out = []
        for raw in self.properties:
            prop = Prop(raw) if isinstance(raw, str) else raw
            out.append(self._resolve(prop))
        return tuple(out)

    def _resolve(self, prop: Prop) -> Prop:
        from django.utils import translation

        if prop.sql is not None:
            if not (prop.type and prop.label_zh and prop.label_en):
                raise LayerRegistryError(f"layer {self.id}: computed property {prop.name} needs type and labels")
            return prop
        try:
            model_field = self.model_class._meta.get_field(prop.name)
        except Exception as exc:  # FieldDoesNotExist
            raise LayerRegistryError(f"layer {self.id}: {self.model} has no field {prop.name!r}") from exc
        column = model_field.column
        json_type, fmt = "string", None
        # A generated column (models.GeneratedField) publishes the type of what it computes.
        typed = getattr(model_field, "output_field", None) or model_field
        for klass, t, f in _FIELD_TYPES:
            if isinstance(typed, klass):
                json_type, fmt = t, f
                break
        with translation.override("zh-hans"):
            zh = str(model_field.verbose_name)
        with translation.override("en"):
            en = str(model_field.verbose_name)
        return Prop(
            name=prop.name, sql=f't."{column}"', label_zh=prop.label_zh or zh, label_en=prop.label_en or en,
            type=prop.type or json_type, format=prop.format or fmt,
        )

    @cached_property
    def choices(self) -> dict[str, dict]:
        """Code-list labels per property, for legends and popups: {prop: {value: (zh, en)}}."""
        from django.utils import translation

        out = {}
        for prop in self.properties:
            name = prop if isinstance(prop, str) else prop.name
            try:
                model_field = self.model_class._meta.get_field(name)
            except Exception:  # computed property: no code list
                continue
            if not model_field.choices:
                continue
            labels = {}
            for value, label in model_field.choices:
                with translation.override("zh-hans"):
                    zh = str(label)
                with translation.override("en"):
                    en = str(label)
                labels[str(value)] = {"zh": zh, "en": en}
            out[name] = labels
        return out

    @cached_property
    def style_spec(self) -> dict:
        path = STYLES_DIR / f"{self.style}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise LayerRegistryError(f"layer {self.id}: style file {path.name} is missing") from exc
        except json.JSONDecodeError as exc:
            raise LayerRegistryError(f"layer {self.id}: style file {path.name} is not JSON: {exc}") from exc

    def validate(self) -> None:
        problems = []
        if not IDENTIFIER.match(self.id):
            problems.append("id must be lower-case letters, digits and underscores")
        if self.access not in ACCESS_LEVELS:
            problems.append(f"access must be one of {ACCESS_LEVELS}")
        if self.geometry_type not in GEOMETRY_TYPES:
            problems.append(f"geometry_type must be one of {GEOMETRY_TYPES}")
        if not (0 <= self.minzoom <= self.maxzoom <= 24):
            problems.append("zoom range must satisfy 0 <= minzoom <= maxzoom <= 24")
        if not self.title_zh or not self.title_en:
            problems.append("both titles are required")
        problems += _role_problems_of(self)
        if problems:
            raise LayerRegistryError(f"layer {self.id}: " + "; ".join(problems))
        if self.geometry_field.geom_type.replace("MULTI", "Multi").lower() != self.geometry_type.lower():
            raise LayerRegistryError(
                f"layer {self.id}: geometry_type {self.geometry_type} but {self.model} stores "
                f"{self.geometry_field.geom_type}"
            )
        if self.geometry_field.srid != 4326:
            raise LayerRegistryError(f"layer {self.id}: geometry must be stored in EPSG:4326")
        names = [p.name for p in self.published]
        for name in names:
            if not IDENTIFIER.match(name) or name in ("id", "geom"):
                raise LayerRegistryError(f"layer {self.id}: property name {name!r} is not allowed")
        if len(set(names)) != len(names):
            raise LayerRegistryError(f"layer {self.id}: duplicate property names")
        if self.title_property not in names:
            raise LayerRegistryError(f"layer {self.id}: title_property {self.title_property} is not published")
        for name, endpoint in (self.workflow_fields or {}).items():
            model_props = {p if isinstance(p, str) else p.name for p in self.properties
                           if isinstance(p, str) or p.sql is None}
            if name not in model_props:
                raise LayerRegistryError(f"layer {self.id}: workflow field {name!r} is not a published model field")
            if not (isinstance(endpoint, str) and endpoint.startswith("/") and "{id}" in endpoint):
                raise LayerRegistryError(
                    f"layer {self.id}: the workflow endpoint of {name!r} must be a path with {{id}}, e.g. "
                    f"/api/{self.id}/{{id}}/transitions/")
        spec = self.style_spec
        if not spec.get("layers"):
            raise LayerRegistryError(f"layer {self.id}: style {self.style} has no MapLibre layers")


def _role_problems_of(layer) -> list[str]:
    from geo_api.accounts.roles import ALL_ROLES

    problems = []
    named = set(layer.read_roles or ()) | set(layer.write_roles) | set(layer.row_filters or ())
    unknown = named - ALL_ROLES - {"anonymous"}
    if unknown:
        problems.append(f"unknown roles {sorted(unknown)}")
    for role, condition in (layer.row_filters or {}).items():
        if condition is None:
            continue
        try:
            psycopg_sql.SQL(condition).format(user_id=psycopg_sql.Literal(0))
        except (KeyError, IndexError, ValueError):
            problems.append(f"row filter of {role} may name only {USER_PLACEHOLDER} in braces: {condition!r}")
    if layer.access == "restricted" and not layer.read_roles:
        problems.append("a restricted layer must name its read_roles")
    if layer.access == "public" and layer.read_roles is not None:
        problems.append("a public layer is read by everyone; drop read_roles")
    if layer.editable and not layer.write_roles:
        problems.append("an editable layer must name its write_roles")
    if not layer.editable and layer.write_roles:
        problems.append("write_roles given but the layer is not editable")
    return problems


class Registry:
    """The ordered set of layers. `version` changes whenever the set does, so derived artefacts
    (the pygeoapi configuration, database views) know to rebuild."""

    def __init__(self):
        self._layers: dict[str, Layer] = {}
        self._lock = threading.Lock()
        self.version = 0

    def register(self, layer: Layer) -> Layer:
        layer.validate()
        with self._lock:
            if layer.id in self._layers:
                raise LayerRegistryError(f"layer {layer.id} is registered twice")
            self._layers[layer.id] = layer
            self.version += 1
        return layer

    def replace(self, layer: Layer) -> Layer:
        """Swap a registered layer for a new version in the same place: the order is the client's
        layer list, so a replacement must not move the layer to the end."""
        layer.validate()
        with self._lock:
            if layer.id not in self._layers:
                raise UnknownLayer(layer.id)
            self._layers[layer.id] = layer
            self.version += 1
        return layer

    def unregister(self, layer_id: str) -> None:
        with self._lock:
            self._layers.pop(layer_id, None)
            self.version += 1

    def get(self, layer_id: str) -> Layer:
        try:
            return self._layers[layer_id]
        except KeyError:
            raise UnknownLayer(layer_id) from None

    def all(self) -> list[Layer]:
        return list(self._layers.values())


registry = Registry()
_loading = threading.Lock()


def load_catalog() -> Registry:
    """Register the catalogue's entries once; validation errors stop start-up. A fresh worker's
    first requests arrive together (the command page asks for its board and nearest lists at
    once), so filling the registry is done by one thread while the others wait."""
    if registry.all():
        return registry
    with _loading:
        if not registry.all():
            from .catalog import LAYERS

            for layer in LAYERS:
                registry.register(layer)
    return registry
