"""Writes to layer features. Every rule of an edit lives here: who may, what is valid, what is
recorded, what is announced."""
from django.core.exceptions import ValidationError
from django.db import transaction

from layers.access import can_write
from layers.registry import Layer

from . import live
from .errors import FeatureValidationError, NotEditable
from .forms import clean_geometry, editable_fields, model_errors, property_serializer
from .models import FeatureChange


def _check_writable(user, layer: Layer):
    if not can_write(user, layer):
        raise NotEditable(f"{user} may not edit {layer.id}")


def _snapshot(instance, fields) -> dict:
    out = {f.name: f.value_to_string(instance) for f in fields}
    out["geometry"] = instance.geom.wkt if getattr(instance, "geom", None) else None
    return out


def _assign_district(instance):
    if hasattr(instance, "district_id"):
        from onemap.models import District

        instance.district = District.objects.filter(geom__covers=instance.geom).order_by("code").first()


def _validated(layer, instance, properties, geometry, partial):
    errors = {}
    serializer = property_serializer(layer, instance=instance, data=properties or {}, partial=partial)
    if not serializer.is_valid():
        errors.update({k: [str(m) for m in v] for k, v in serializer.errors.items()})
    geom = None
    if geometry is not None or not partial:
        try:
            geom = clean_geometry(layer, geometry)
        except FeatureValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise FeatureValidationError(errors)
    return serializer, geom


def _record(layer, instance, action, user, before, after) -> FeatureChange:
    changed = {k: {"old": before.get(k), "new": after.get(k)} for k in set(before) | set(after)
               if before.get(k) != after.get(k)}
    change = FeatureChange.objects.create(layer=layer.id, feature_id=instance.pk, action=action, user=user,
                                          changes=changed)
    transaction.on_commit(lambda: live.announce(change))
    return change


def _save(instance):
    try:
        instance.full_clean(exclude=["district"])
    except ValidationError as exc:
        raise FeatureValidationError(model_errors(exc)) from None
    instance.save()


@transaction.atomic
def feature_create(*, user, layer: Layer, properties: dict, geometry: dict):
    _check_writable(user, layer)
    serializer, geom = _validated(layer, None, properties, geometry, partial=False)
    instance = layer.model_class(**serializer.validated_data, geom=geom)
    _assign_district(instance)
    _save(instance)
    _record(layer, instance, FeatureChange.Action.CREATED, user, {}, _snapshot(instance, editable_fields(layer)))
    return instance


@transaction.atomic
def feature_update(*, user, layer: Layer, feature_id: int, properties: dict | None, geometry: dict | None,
                   partial: bool = True):
    _check_writable(user, layer)
    instance = layer.model_class.objects.select_for_update().get(pk=feature_id)
    fields = editable_fields(layer)
    before = _snapshot(instance, fields)
    serializer, geom = _validated(layer, instance, properties, geometry, partial=partial)
    for name, value in serializer.validated_data.items():
        setattr(instance, name, value)
    if geom is not None:
        instance.geom = geom
        _assign_district(instance)
    _save(instance)
    _record(layer, instance, FeatureChange.Action.UPDATED, user, before, _snapshot(instance, fields))
    return instance


@transaction.atomic
def feature_delete(*, user, layer: Layer, feature_id: int) -> None:
    _check_writable(user, layer)
    instance = layer.model_class.objects.select_for_update().get(pk=feature_id)
    before = _snapshot(instance, editable_fields(layer))
    instance.delete()
    instance.pk = feature_id
    _record(layer, instance, FeatureChange.Action.DELETED, user, before, {})
