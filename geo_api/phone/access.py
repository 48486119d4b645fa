"""Who may use the phone app: the bureau's own staff (every role but other agencies' systems).
What each screen shows is then decided by the domain it comes from (tasks, duty, layers)."""
from django.utils.translation import gettext as _

from geo_api.accounts.roles import STAFF_ROLES, roles_of
from geo_api.common.errors import NotSignedIn, Refused


def may_use_phone(user) -> bool:
    return bool(roles_of(user) & STAFF_ROLES)


def require_phone_user(user) -> None:
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to use the phone app."))
    if not may_use_phone(user):
        raise Refused(_("The phone app is for the bureau's own staff; ask an administrator for a role."))
