"""The one place that decides who may read and write each layer.

Every route asks here: /api, the /ogc mount (features and tiles) and, later, exports and live
channels. Roles refine these rules in the access-control issue; the call sites stay the same."""
from .registry import Layer, load_catalog

RESTRICTED_READ_PERMISSION = "layers.read_restricted"


def can_read(user, layer: Layer) -> bool:
    if layer.access == "public":
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    if layer.access == "internal":
        return True
    return user.is_superuser or user.has_perm(RESTRICTED_READ_PERMISSION)


def can_write(user, layer: Layer) -> bool:
    if not layer.editable or not can_read(user, layer):
        return False
    return user.is_superuser or user.has_perm("layers.edit_layers")


def readable_layers(user) -> list[Layer]:
    return [layer for layer in load_catalog().all() if can_read(user, layer)]
