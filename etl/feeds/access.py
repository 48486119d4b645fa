"""Who may do what with the feeds.

- Push (POST /api/feeds/<feed>/messages/): an agency's account (role external_agency) with a push
  grant for that feed (FeedGrant, set by an administrator), signed in with an API token that has
  the `write` scope — or an administrator (to re-send a message by hand).
- Read the status and the messages (/api/feeds/, /feeds/, the wall's silent-feed badge): duty
  officers, commanders and administrators.
- Replay a dead letter (after fixing it): duty officers and administrators."""
from django.utils.translation import gettext as _

from geo_api.accounts.roles import Role, roles_of
from geo_api.common.errors import NotSignedIn, Refused

READERS = frozenset({Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR})
OPERATORS = frozenset({Role.DUTY_OFFICER, Role.ADMINISTRATOR})


def _signed_in(user) -> None:
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to see the agency feeds."))


def may_read(user) -> bool:
    return bool(roles_of(user) & READERS)


def require_read(user) -> None:
    _signed_in(user)
    if not may_read(user):
        raise Refused(_("Only duty officers, commanders and administrators see the agency feeds."))


def require_operate(user) -> None:
    _signed_in(user)
    if not roles_of(user) & OPERATORS:
        raise Refused(_("Only duty officers and administrators replay feed messages."))


def require_push(user, feed: str, *, by_token: bool) -> None:
    from .models import FeedGrant

    _signed_in(user)
    roles = roles_of(user)
    if Role.ADMINISTRATOR in roles:
        return
    if Role.EXTERNAL_AGENCY not in roles or not by_token:
        raise Refused(_("Feeds are pushed by an agency's system with its API token (role external_agency)."))
    if not FeedGrant.objects.filter(feed=feed, user=user).exists():
        raise Refused(_("This agency account may not push to the feed “%(feed)s”; an administrator grants it "
                        "(Feed push grants in the admin).") % {"feed": feed})
