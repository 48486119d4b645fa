"""What an import may write into a layer: the layer's own model fields a person would type in,
with their database type, whether they must be given, and their code list. Not importable: the
key, the geometry (it comes from the file), computed columns, foreign keys (the street is found
from the geometry), workflow-owned fields (a new row starts in the workflow's first state) and
time stamps the model keeps itself."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, models
from django_fsm import FSMFieldMixin

from layers.registry import Layer


@dataclass(frozen=True)
class Target:
    name: str
    column: str
    label: str
    db_type: str
    required: bool
    choices: tuple = ()       # ((code, label), ...)
    positive: bool = False    # a PositiveIntegerField's CHECK (>= 0)
    max_length: int | None = None
    unique: bool = False

    @property
    def kind(self) -> str:
        t = self.db_type
        if t.startswith("varchar") or t == "text":
            return "text"
        if t in ("integer", "smallint", "bigint"):
            return "integer"
        if t.startswith(("double", "numeric", "real")):
            return "number"
        if t == "boolean":
            return "boolean"
        if t == "date":
            return "date"
        if t.startswith("timestamp"):
            return "datetime"
        return "text"

    def as_json(self) -> dict:
        return {"name": self.name, "label": self.label, "type": self.kind, "required": self.required,
                "max_length": self.max_length, "choices": sorted({c for c, _l in self.choices})}


STREET_SQL = "r.street"  # import_rows' street column (load.copy_rows)


@dataclass(frozen=True)
class Filled:
    """A column the import fills itself: a default, an empty text, now(), or the street."""
    column: str
    sql: str
    params: tuple = ()


def _skipped(layer: Layer, field) -> bool:
    return (field.primary_key or field.name == layer.geometry_field.name or isinstance(field, models.GeneratedField)
            or field.is_relation or isinstance(field, FSMFieldMixin) or not field.editable
            or field.name in (layer.workflow_fields or {}) or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False))


def _choices(field) -> tuple:
    """((code, label), ...) with the Chinese and the English label of each code: a file may use either."""
    from django.utils import translation

    out = []
    for code, label in field.choices or ():
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                out.append((code, str(label)))
    return tuple(dict.fromkeys(out))


def targets(layer: Layer) -> list[Target]:
    out = []
    for field in layer.model_class._meta.concrete_fields:
        if _skipped(layer, field):
            continue
        required = not field.null and not field.has_default() and not (field.blank and isinstance(
            field, (models.CharField, models.TextField)))
        out.append(Target(
            name=field.name, column=field.column, label=str(field.verbose_name), db_type=field.db_type(connection),
            required=required, choices=_choices(field),
            positive=isinstance(field, (models.PositiveIntegerField, models.PositiveSmallIntegerField,
                                        models.PositiveBigIntegerField)),
            max_length=getattr(field, "max_length", None), unique=field.unique))
    return out


def filled(layer: Layer, mapped: set[str]) -> list[Filled]:
    """Columns not mapped that the INSERT must still give a value (Django's defaults live in
    Python, not in the database)."""
    out = []
    for field in layer.model_class._meta.concrete_fields:
        if field.primary_key or field.name == layer.geometry_field.name or field.name in mapped:
            continue
        if isinstance(field, models.GeneratedField):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            out.append(Filled(field.column, "now()"))
        elif _is_street(field):
            # The street the feature lies in, found for the whole file before the COPY (streets.py).
            out.append(Filled(field.column, STREET_SQL))
        elif field.has_default():
            out.append(Filled(field.column, "%s", (field.get_db_prep_save(field.get_default(), connection),)))
        elif field.null:
            continue
        elif isinstance(field, (models.CharField, models.TextField)) and field.blank:
            out.append(Filled(field.column, "''"))
        else:
            raise LookupError(field)
    return out


def _is_street(field) -> bool:
    return field.is_relation and field.name == "district"


def fills_street(layer: Layer) -> bool:
    """Whether the layer's rows keep the street they lie in (filled by the import, never mapped)."""
    return any(_is_street(f) for f in layer.model_class._meta.concrete_fields)


def unfillable(layer: Layer) -> list[str]:
    """Required columns an import can neither map nor fill (e.g. a required foreign key)."""
    names = {t.name for t in targets(layer)}
    out = []
    for field in layer.model_class._meta.concrete_fields:
        if field.name in names:
            continue
        try:
            filled(layer, {f.name for f in layer.model_class._meta.concrete_fields if f is not field})
        except LookupError:
            out.append(str(field.verbose_name))
    return out
