"""Who may send positions and check in, and who reads check-ins (this domain's own tables; the
latest positions are read through the personnel_positions layer and its row filter)."""
from __future__ import annotations

from django.utils.translation import gettext as _

from geo_api.accounts.models import ApiToken
from geo_api.accounts.roles import Role, roles_of
from geo_api.common.errors import NotSignedIn, Refused

from .models import Responder
from .selectors import responder_for

# Accounts that run trackers (vehicle units, radio gateways) through an API token.
TRACKER_ROLES = frozenset({Role.DUTY_OFFICER, Role.ADMINISTRATOR})
# Who sees every check-in of an event they may read.
CHECK_IN_READERS = frozenset({Role.COMMANDER, Role.DUTY_OFFICER, Role.ADMINISTRATOR})


def _signed_in(user) -> None:
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in as a field responder, or send a tracker's API token."))


def poster(request) -> int | None:
    """The responder a request posts for (a signed-in responder), or None for a tracker, whose
    samples name their responders; refuses everyone else with what they can do about it."""
    user = request.user
    _signed_in(user)
    if isinstance(getattr(request, "onemap_credentials", None), ApiToken):
        if roles_of(user) & TRACKER_ROLES:
            return None
        raise Refused(_("This API token's owner may not send positions for responders; trackers use a token "
                        "of a duty officer's or administrator's account."))
    me = own_responder(user)
    return me.pk


def own_responder(user) -> Responder:
    _signed_in(user)
    if Role.FIELD_RESPONDER not in roles_of(user):
        raise Refused(_("Only field responders send their position and check in; your account has no "
                        "field responder role."))
    me = responder_for(user)
    if me is None:
        raise Refused(_("Your account is not linked to a responder; ask the duty desk to link it "
                        "(admin: Field responders → account)."))
    return me


def check_ins_visible(user, queryset):
    """Commanders, duty officers and administrators see every check-in of an event they may read;
    a field responder sees their own; other roles none."""
    roles = roles_of(user)
    if roles & CHECK_IN_READERS:
        return queryset
    if Role.FIELD_RESPONDER in roles:
        return queryset.filter(responder__user_id=user.pk)
    raise Refused(_("Check-ins are read by commanders, duty officers and the responders themselves."))
