"""OGC API Features Part 4 (create, replace, update, delete) for editable layers.

The provider only translates: every rule (who may, validation, versions) is in
editing.services, the same path the /api editing endpoints use, so /ogc writes are validated,
audited and announced exactly like edits from the map client."""
import orjson
from django.core.exceptions import ObjectDoesNotExist

from geo_api.editing import services
from geo_api.editing.errors import FeatureValidationError, NotEditable, StaleVersion, VersionRequired

from ..errors import BadQuery, Forbidden, ItemNotFound, PreconditionFailed, PreconditionRequired
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
        except FeatureValidationError as exc:
            detail = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.errors.items())
            raise BadQuery(f"The feature was not saved. {detail}") from None
        except NotEditable:
            raise Forbidden(f"Your account may not edit the layer {self.layer.id}.") from None
        except ObjectDoesNotExist:
            raise ItemNotFound(f"No feature with id {kwargs.get('feature_id')} in {self.layer.id}.") from None
        except VersionRequired:
            raise PreconditionRequired("Send If-Match with the ETag of the feature you are changing.") from None
        except StaleVersion as exc:
            raise PreconditionFailed(
                f"The feature changed since you read it; its current version is {exc.current_version}.") from None

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
