"""Thin HTTP layer over editing.services: parse, call, translate typed errors to status codes."""
from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from layers.access import readable_layers
from layers.api_access import readable_layer_or_refuse

from . import selectors, services
from .errors import FeatureValidationError, NotEditable
from .forms import form_schema


def _feature_input(request):
    body = request.data
    if not isinstance(body, dict) or body.get("type") != "Feature":
        raise ValidationError({"errors": {"feature": ["Send a GeoJSON Feature: {\"type\": \"Feature\", ...}."]}})
    properties = body.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValidationError({"errors": {"properties": ["properties must be an object."]}})
    return properties, body.get("geometry")


def _call(function, **kwargs):
    user = kwargs["user"]
    try:
        return function(**kwargs)
    except FeatureValidationError as exc:
        raise ValidationError({"errors": exc.errors}) from None
    except NotEditable:
        if not user.is_authenticated:
            raise NotAuthenticated("Sign in to edit this layer.") from None
        raise PermissionDenied("You may not edit this layer.") from None
    except ObjectDoesNotExist:
        raise NotFound("No such feature.") from None


class FeatureCreateView(APIView):
    @extend_schema(request=dict, responses={201: dict})
    def post(self, request, layer_id):
        layer = readable_layer_or_refuse(request, layer_id)
        properties, geometry = _feature_input(request)
        instance = _call(services.feature_create, user=request.user, layer=layer, properties=properties,
                         geometry=geometry)
        return Response(selectors.feature_by_id(layer, instance.pk), status=status.HTTP_201_CREATED)


class FeatureDetailView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, layer_id, feature_id):
        layer = readable_layer_or_refuse(request, layer_id)
        feature = selectors.feature_by_id(layer, feature_id)
        if feature is None:
            raise NotFound("No such feature.")
        return Response(feature)

    def _update(self, request, layer_id, feature_id, partial):
        layer = readable_layer_or_refuse(request, layer_id)
        properties, geometry = _feature_input(request)
        _call(services.feature_update, user=request.user, layer=layer, feature_id=feature_id,
              properties=properties, geometry=geometry, partial=partial)
        return Response(selectors.feature_by_id(layer, feature_id))

    @extend_schema(request=dict, responses={200: dict})
    def patch(self, request, layer_id, feature_id):
        return self._update(request, layer_id, feature_id, partial=True)

    @extend_schema(request=dict, responses={200: dict})
    def put(self, request, layer_id, feature_id):
        return self._update(request, layer_id, feature_id, partial=False)

    @extend_schema(responses={204: None})
    def delete(self, request, layer_id, feature_id):
        layer = readable_layer_or_refuse(request, layer_id)
        _call(services.feature_delete, user=request.user, layer=layer, feature_id=feature_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FormSchemaView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, layer_id):
        return Response(form_schema(readable_layer_or_refuse(request, layer_id)))


class ChangesView(APIView):
    """Changes after a sequence number, for clients whose live socket is closed."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        try:
            after = int(request.query_params.get("after", "0"))
        except ValueError:
            raise ValidationError({"after": ["after must be an integer sequence number."]}) from None
        ids = {layer.id for layer in readable_layers(request.user)}
        return Response({"changes": selectors.changes_after(after, ids), "last_seq": selectors.last_seq()})
