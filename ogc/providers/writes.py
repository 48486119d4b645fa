"""OGC API Features Part 4 (create, replace, update, delete) for editable layers.

The provider only parses: every rule (who may, validation, versions, workflow-owned fields) is in
editing.services, the same path the /api editing endpoints use, so /ogc writes are validated,
audited and announced exactly like edits from the map client. The services' DomainErrors pass
through pygeoapi untouched and ogc/views.py answers them (ogc/errors.py) with their status."""
import orjson
from django.core.exceptions import ObjectDoesNotExist

from geo_api.editing import services
from layers.api_access import no_such_row

from ..errors import BadQuery, ItemNotFound
from ..request_context import current_request


def _feature(payload):
    try:
        body = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise BadQuery(f"The body is not JSON: {exc}") from None
    if not isinstance(body, dict) or body.get("type") != "Feature":
        raise BadQuery('Send one GeoJSON Feature: {"type": "Feature", "geometry": ..., "properties": ...}.')
    properties = body.get("properties") or {}
    if not isinstance(properties, dict):
        raise BadQuery("properties must be a JSON object.")
    return properties, body.get("geometry")


def _key(identifier):
    try:
        return int(identifier)
    except (TypeError, ValueError):
        raise ItemNotFound(f"No feature with id {identifier!r}: ids are integers.") from None


class FeatureWrites:
    """Mixed into the feature provider; `self.layer` is the registry entry."""

    def _call(self, function, **kwargs):
        request = current_request.get()
        try:
            return function(user=request.user, layer=self.layer, **kwargs)
        except ObjectDoesNotExist:
            raise no_such_row(self.layer, kwargs.get("feature_id")) from None

    def create(self, item):
        properties, geometry = _feature(item)
        return self._call(services.feature_create, properties=properties, geometry=geometry).pk

    def update(self, identifier, item):
        request = current_request.get()
        properties, geometry = _feature(item)
        self._call(services.feature_update, feature_id=_key(identifier), properties=properties,
                   geometry=geometry, partial=request.method == "PATCH", if_match=request.headers.get("If-Match"))
        return True

    def delete(self, identifier):
        request = current_request.get()
        self._call(services.feature_delete, feature_id=_key(identifier), if_match=request.headers.get("If-Match"))
        return True
