"""Writes to layer features. Every rule of an edit lives here: who may, what is valid, which
version it is based on. The audit trigger records who/when/what and announces it (geo_api/live)."""
from django.core.exceptions import ValidationError
from django.db import transaction

from layers.api_access import EDIT, refuse_unless
from layers.query import LayerQuery
from layers.registry import Layer

from .errors import FeatureValidationError, StaleVersion, VersionRequired
from .forms import clean_geometry, model_errors, property_serializer
from .ownership import refuse_owned_changes
from .selectors import feature_version


def _check_writable(user, layer: Layer):
    refuse_unless(user, layer, EDIT)  # NotSignedIn or Refused, worded in one place


def _visible(layer, user, feature_id) -> bool:
    return bool(LayerQuery.of(layer, user).id_is(feature_id).fetch("id"))


def _assign_district(instance):
    if hasattr(instance, "district_id"):
        from geo_api.reference.models import District

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


def _save(instance):
    try:
        instance.full_clean(exclude=["district"])
    except ValidationError as exc:
        raise FeatureValidationError(model_errors(exc)) from None
    instance.save()


def _locked(layer, user, feature_id, if_match):
    """The row, locked for this transaction, if this user may see it and `if_match` names its
    current version. Visibility is the read decision (LayerQuery: the layer's `where`, e.g. no
    drill events, and the user's row filter): a row outside it is DoesNotExist, the same 404 as a
    missing row, and nothing changes. Checked before locking (no lock for a row the caller cannot
    see) and again under the lock (a concurrent change may have moved it out)."""
    if not _visible(layer, user, feature_id):
        raise layer.model_class.DoesNotExist(feature_id)
    instance = layer.model_class.objects.select_for_update().get(pk=feature_id)
    if not _visible(layer, user, feature_id):
        raise layer.model_class.DoesNotExist(feature_id)
    if if_match is None:
        raise VersionRequired()
    current = feature_version(layer, feature_id)
    if if_match.strip() not in (current, "*") and if_match.strip().removeprefix("W/") != current:
        raise StaleVersion(current)
    return instance


@transaction.atomic
def feature_create(*, user, layer: Layer, properties: dict, geometry: dict):
    _check_writable(user, layer)
    serializer, geom = _validated(layer, None, properties, geometry, partial=False)
    refuse_owned_changes(user=user, layer=layer, instance=None, values=serializer.validated_data)
    instance = layer.model_class(**serializer.validated_data, geom=geom)
    _assign_district(instance)
    _save(instance)
    return instance


@transaction.atomic
def feature_update(*, user, layer: Layer, feature_id: int, properties: dict | None, geometry: dict | None,
                   if_match: str | None, partial: bool = True):
    _check_writable(user, layer)
    instance = _locked(layer, user, feature_id, if_match)
    serializer, geom = _validated(layer, instance, properties, geometry, partial=partial)
    refuse_owned_changes(user=user, layer=layer, instance=instance, values=serializer.validated_data)
    for name, value in serializer.validated_data.items():
        setattr(instance, name, value)
    if geom is not None:
        instance.geom = geom
        _assign_district(instance)
    _save(instance)
    return instance


@transaction.atomic
def feature_delete(*, user, layer: Layer, feature_id: int, if_match: str | None) -> None:
    _check_writable(user, layer)
    instance = _locked(layer, user, feature_id, if_match)
    instance.delete()
