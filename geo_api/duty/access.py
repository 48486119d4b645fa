"""Who may use the duty desk. Keeping rosters, the log and handovers is the duty desk's work
(duty officers, the commander, administrators); who is on duty now, with their phones, is for the
bureau's own staff (every role but other agencies' systems), so a responder knows whom to call."""
from django.utils.translation import gettext as _

from geo_api.accounts.roles import STAFF_ROLES, roles_of
from geo_api.common.errors import NotSignedIn, Refused

from .models import DESK_ROLES


def _token_allows(user, scope: str) -> bool:
    scopes = getattr(user, "_onemap_token_scopes", None)  # set for API-token requests only
    return scopes is None or scope in scopes


def may_keep_desk(user) -> bool:
    return bool(roles_of(user) & DESK_ROLES)


def may_see_on_duty(user) -> bool:
    return bool(roles_of(user) & STAFF_ROLES) and _token_allows(user, "read")


def require_desk(user, *, write: bool = False) -> None:
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to use the duty desk."))
    if not may_keep_desk(user) or not _token_allows(user, "write" if write else "read"):
        raise Refused(_("The duty desk is for duty officers, the commander and administrators; ask an "
                        "administrator for the duty officer role if your work needs it."))


def require_on_duty_reader(user) -> None:
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to see who is on duty."))
    if not may_see_on_duty(user):
        raise Refused(_("Who is on duty is shown to the bureau's own staff only."))
