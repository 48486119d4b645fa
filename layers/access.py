"""The one place that decides who may read and write each layer, and which rows they see.

Every route asks here: /api, the /ogc mount (features, tiles, writes), search, the command map and
live channels. Rules come from the registry entry: `access` (public / internal / restricted),
`read_roles`, `write_roles` and per-role `row_filters`; an API token narrows its owner's rights to
its scopes. A row filter may name the reader (`{user_id}`): such a decision is the user's own, so
whatever shares decisions between users (the live hub) keys them by `access_signature`."""
from psycopg import sql

from geo_api.accounts.roles import STAFF_ROLES, Role, roles_of

from .registry import USER_PLACEHOLDER, Layer, load_catalog


def _token_scopes(user):
    return getattr(user, "_onemap_token_scopes", None)


def read_roles(layer: Layer) -> frozenset[str]:
    if layer.read_roles is not None:
        return frozenset(layer.read_roles) | {Role.ADMINISTRATOR}
    return STAFF_ROLES


def can_read(user, layer: Layer) -> bool:
    if layer.access == "public":
        return True
    scopes = _token_scopes(user)
    if scopes is not None and "read" not in scopes:
        return False
    return bool(roles_of(user) & read_roles(layer))


def can_write(user, layer: Layer) -> bool:
    if not layer.editable or not can_read(user, layer):
        return False
    scopes = _token_scopes(user)
    if scopes is not None and "write" not in scopes:
        return False
    return bool(roles_of(user) & (frozenset(layer.write_roles) | {Role.ADMINISTRATOR}))


def _filters_of(user, layer: Layer) -> list[str | None]:
    roles = roles_of(user)
    if layer.access != "public":
        roles = roles & read_roles(layer)
    if not roles and layer.access == "public":
        roles = frozenset({"anonymous"})
    return [layer.row_filters.get(role) for role in roles]


def row_filter(user, layer: Layer) -> sql.Composable | None:
    """The server's own filter on the layer's view for this user, ANDed with any client filter;
    None when the user sees every row."""
    if not layer.row_filters:
        return None
    filters = _filters_of(user, layer)
    if not filters or any(f is None for f in filters):
        return None
    # The reader's id is a literal of our own making (an integer, or NULL: no row), never request text.
    reader = sql.Literal(getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None)
    return sql.SQL("(") + sql.SQL(" OR ").join(
        sql.SQL("({})").format(sql.SQL(f).format(user_id=reader)) for f in sorted(filters)) + sql.SQL(")")


def access_signature(user) -> tuple:
    """Everything the row decision for `user` depends on: users with equal signatures see the same
    rows of every layer. Roles and token scopes, plus the user's id once any of their row filters
    names the reader."""
    scopes = _token_scopes(user)
    personal = any(
        f is not None and USER_PLACEHOLDER in f
        for layer in load_catalog().all() if layer.row_filters and can_read(user, layer)
        for f in _filters_of(user, layer))
    return roles_of(user), scopes, (user.pk if personal else None)


def readable_layers(user) -> list[Layer]:
    return [layer for layer in load_catalog().all() if can_read(user, layer)]
