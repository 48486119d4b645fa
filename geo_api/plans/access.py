"""Who may do what with plans (issue 9): the duty desk and the commander read plans, match them
to events and activate them; the commander (and administrators) maintain them. Department
liaisons and responders only see the tasks addressed to them (geo_api/tasks/access.py);
other agencies' systems see none of it."""
from django.utils.translation import gettext as _

from geo_api.accounts.roles import Role, roles_of
from geo_api.common.errors import NotSignedIn, Refused

PLAN_READERS = frozenset({Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR})
PLAN_ACTIVATORS = frozenset({Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR})
PLAN_EDITORS = frozenset({Role.COMMANDER, Role.ADMINISTRATOR})


def holds(user, roles) -> bool:
    return bool(roles_of(user) & roles)


def require(user, roles, what: str) -> None:
    """NotSignedIn (401) for an anonymous caller, Refused (403) naming the roles otherwise."""
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to use emergency plans."))
    if not holds(user, roles):
        raise Refused(_("Your account may not %(what)s.") % {"what": what}, roles=sorted(roles))


def may_read(user) -> bool:
    return holds(user, PLAN_READERS)


def may_edit(user) -> bool:
    return holds(user, PLAN_EDITORS)


def require_write_scope(user) -> None:
    """A request made with an API token writes only if the token has the "write" scope."""
    scopes = getattr(user, "_onemap_token_scopes", None)  # set for API-token requests only
    if scopes is not None and "write" not in scopes:
        raise Refused(_("This API token may only read; writing needs the write scope."))
