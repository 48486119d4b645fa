"""Who may do what with a shelter's records besides its state transitions (those declare their
roles on the models). Administrators may do everything, as they may write every layer."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_api.accounts.roles import STAFF_ROLES, Role, roles_of
from geo_api.common.errors import NotSignedIn, Refused

# The shelter's own staff collect its information (photos, area); the bureau's staff read it.
COLLECT = frozenset({Role.SHELTER_STAFF})
# Inspection plans and inspections: the shelter's staff and the bureau's commanders.
INSPECT = frozenset({Role.SHELTER_STAFF, Role.COMMANDER})
# Opening shelters in an event and registering arrivals: command and duty desk, and the shelter's staff.
OPEN = frozenset({Role.COMMANDER, Role.DUTY_OFFICER, Role.SHELTER_STAFF})
# Records behind the public shelters layer (photos, decisions, evaluations, inspections).
READ_RECORDS = STAFF_ROLES

WRITE_ACTIONS = {
    "collect": (COLLECT, gettext_lazy("collect shelter information")),
    "inspect": (INSPECT, gettext_lazy("plan and record shelter inspections")),
    "open": (OPEN, gettext_lazy("open shelters and register arrivals")),
}


def _token_may(user, scope: str) -> bool:
    scopes = getattr(user, "_onemap_token_scopes", None)  # set for API-token requests only
    return scopes is None or scope in scopes


def may(user, roles: frozenset) -> bool:
    return bool(roles_of(user) & (roles | {Role.ADMINISTRATOR}))


def require_read(user) -> None:
    if user is None or not user.is_authenticated:
        raise NotSignedIn(_("Sign in to read shelter records."))
    if not (may(user, READ_RECORDS) and _token_may(user, "read")):
        raise Refused(_("Your account may not read shelter records; ask an administrator for access if your "
                        "work needs it."))


def require(user, action: str) -> None:
    """Raise NotSignedIn / Refused unless `user` may perform `action` (a WRITE_ACTIONS key)."""
    roles, what = WRITE_ACTIONS[action]
    if user is None or not user.is_authenticated:
        raise NotSignedIn(_("Sign in to %(what)s.") % {"what": what})
    if not (may(user, roles) and _token_may(user, "write")):
        raise Refused(_("Your account may not %(what)s.") % {"what": what},
                      roles=sorted(roles | {Role.ADMINISTRATOR}))
