"""Thin HTTP layer over editing.services: parse and call. The services' typed errors are
DomainErrors; the DRF handler (geo_api/common/drf.py) answers them with their status, message,
field `errors`, 412 `current` feature and ETag."""
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.audit.selectors import feature_history
from layers.api_access import no_such_row, readable_layer_or_refuse

from . import selectors, services
from .errors import FeatureValidationError, StaleVersion
from .forms import form_schema


def _feature_input(request):
    body = request.data
    if not isinstance(body, dict) or body.get("type") != "Feature":
        raise FeatureValidationError({"feature": [_('Send a GeoJSON Feature: {"type": "Feature", ...}.')]})
    properties = body.get("properties") or {}
    if not isinstance(properties, dict):
        raise FeatureValidationError({"properties": [_("properties must be a JSON object.")]})
    return properties, body.get("geometry")


def _feature_response(request, layer, feature_id, status_code=status.HTTP_200_OK):
    feature = selectors.feature_by_id(layer, feature_id, request.user)
    if feature is None:
        raise no_such_row(layer, feature_id)
    return Response(feature, status=status_code, headers={"ETag": selectors.feature_version(layer, feature_id)})


def _call(request, layer, function, **kwargs):
    try:
        return function(user=request.user, layer=layer, **kwargs)
    except ObjectDoesNotExist:
        raise no_such_row(layer, kwargs.get("feature_id")) from None
    except StaleVersion as exc:
        # The editor shows the current feature as this user may see it, then re-applies the change.
        raise exc.with_current(selectors.feature_by_id(layer, kwargs["feature_id"], request.user))


class FeatureCreateView(APIView):
    @extend_schema(request=dict, responses={201: dict})
    def post(self, request, layer_id):
        layer = readable_layer_or_refuse(request, layer_id)
        properties, geometry = _feature_input(request)
        instance = _call(request, layer, services.feature_create, properties=properties, geometry=geometry)
        return _feature_response(request, layer, instance.pk, status.HTTP_201_CREATED)


class FeatureDetailView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, layer_id, feature_id):
        return _feature_response(request, readable_layer_or_refuse(request, layer_id), feature_id)

    def _update(self, request, layer_id, feature_id, partial):
        layer = readable_layer_or_refuse(request, layer_id)
        properties, geometry = _feature_input(request)
        _call(request, layer, services.feature_update, feature_id=feature_id, properties=properties,
              geometry=geometry, partial=partial, if_match=request.headers.get("If-Match"))
        return _feature_response(request, layer, feature_id)

    @extend_schema(request=dict, responses={200: dict, 412: dict, 428: dict})
    def patch(self, request, layer_id, feature_id):
        return self._update(request, layer_id, feature_id, partial=True)

    @extend_schema(request=dict, responses={200: dict, 412: dict, 428: dict})
    def put(self, request, layer_id, feature_id):
        return self._update(request, layer_id, feature_id, partial=False)

    @extend_schema(responses={204: None, 412: dict, 428: dict})
    def delete(self, request, layer_id, feature_id):
        layer = readable_layer_or_refuse(request, layer_id)
        _call(request, layer, services.feature_delete, feature_id=feature_id, if_match=request.headers.get("If-Match"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class FeatureHistoryView(APIView):
    """The recorded writes to this feature, oldest first, as this caller may see them
    (geo_api/audit/selectors.feature_history: the caller's rows, published columns for readers,
    actors for administrators); a row the caller may not see is the same 404 as a missing one."""

    @extend_schema(responses={200: dict})
    def get(self, request, layer_id, feature_id):
        layer = readable_layer_or_refuse(request, layer_id)
        history = feature_history(layer, feature_id, request.user)
        if history is None:
            raise no_such_row(layer, feature_id)
        return Response({"layer": layer.id, "id": feature_id, "history": history})


class FormSchemaView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, layer_id):
        return Response(form_schema(readable_layer_or_refuse(request, layer_id)))
