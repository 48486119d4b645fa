"""DRF glue for the access rules in layers.access: resolve a layer id from the URL or refuse."""
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied

from .access import can_read
from .errors import UnknownLayer
from .registry import Layer, load_catalog


def readable_layer_or_refuse(request, layer_id: str) -> Layer:
    try:
        layer = load_catalog().get(layer_id)
    except UnknownLayer:
        raise NotFound(f"No layer {layer_id!r}.") from None
    if not can_read(request.user, layer):
        if request.user.is_authenticated:
            raise PermissionDenied(f"Your account may not read the layer {layer_id}.")
        raise NotAuthenticated(f"Sign in to read the layer {layer_id}.")
    return layer
