"""Who may use the resource ledger and the warehouses desk (one decision, used by the pages, the
API and the services).

Reading: the bureau's staff (every role but other agencies' systems), as for the internal
`resources` layer. Writing (registering resources, recording stock movements): the roles that keep
resources and stock or dispatch them. An API token narrows its owner's rights to its scopes."""
from geo_api.accounts.roles import STAFF_ROLES, Role, roles_of
from geo_api.common.errors import NotSignedIn, Refused

WRITERS = frozenset({Role.WAREHOUSE_STAFF, Role.DUTY_OFFICER, Role.COMMANDER, Role.GIS_ANALYST, Role.ADMINISTRATOR})
READERS = STAFF_ROLES


def _scopes(user):
    return getattr(user, "_onemap_token_scopes", None)


def may_read(user) -> bool:
    scopes = _scopes(user)
    if scopes is not None and "read" not in scopes:
        return False
    return bool(roles_of(user) & READERS)


def may_write(user) -> bool:
    scopes = _scopes(user)
    if scopes is not None and "write" not in scopes:
        return False
    return bool(roles_of(user) & WRITERS)


def require_write(user) -> None:
    """The refusal a service raises: 401 to nobody, 403 to a signed-in account without the right."""
    from django.utils.translation import gettext as _

    if not (user and getattr(user, "is_authenticated", False)):
        raise NotSignedIn(_("Sign in to record resources and stock movements."))
    if not may_write(user):
        raise Refused(_("Your role may not change resources or stock. Ask a warehouse keeper or an administrator."))
