"""The one place for refusals: layers/access.py decides whether a user may read or edit a layer;
this module turns a "no" into the error a person can act on (sign in, ask for the right, edit
it where it is maintained, the row is not there). /api (through the DRF handler), /ogc (through
ogc/errors.py) and the editing services all refuse through here, so a refusal reads the same
everywhere and says what to do, in the request's language. An API token's scope is refused
earlier, by the credentials middleware (geo_api/accounts/routes.py), with its own message."""
from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_api.common.errors import DomainError, NotFound, NotSignedIn, Refused

from .access import can_read, can_write
from .registry import Layer, load_catalog

READ, EDIT = "read", "edit"


def layer_title(layer: Layer) -> str:
    return layer.title_zh if (get_language() or "zh").startswith("zh") else layer.title_en


def refusal(user, layer: Layer, action: str = READ) -> DomainError | None:
    """None if `user` may `action` ("read" or "edit") `layer`, else the error to raise."""
    allowed = can_read(user, layer) if action == READ else can_write(user, layer)
    if allowed:
        return None
    title = {"layer": layer_title(layer)}
    if user is None or not user.is_authenticated:
        if action == READ:
            return NotSignedIn(_("Sign in to read the layer “%(layer)s”.") % title)
        return NotSignedIn(_("Sign in to edit the layer “%(layer)s”.") % title)
    if action == EDIT and not layer.editable:
        return Refused(_("The layer “%(layer)s” is read-only here: it is kept up to date by its own "
                         "workflow or data feed; change it there.") % title)
    if action == READ:
        return Refused(_("Your account may not read the layer “%(layer)s”; ask an administrator for "
                         "access if your work needs it.") % title)
    return Refused(_("Your account may not edit the layer “%(layer)s”; ask an administrator for edit "
                     "rights if your work needs them.") % title)


def no_such_row(layer: Layer, feature_id) -> NotFound:
    """A row that does not exist and a row this user may not see get the same 404, so a refusal
    of a row never tells that it exists."""
    return NotFound(_("There is no feature %(id)s in the layer “%(layer)s”; it may have been deleted. "
                      "Reload the map to see the current features.") % {"id": feature_id, "layer": layer_title(layer)})


def refuse_unless(user, layer: Layer, action: str = READ) -> Layer:
    error = refusal(user, layer, action)
    if error is not None:
        raise error
    return layer


def readable_layer_or_refuse(request, layer_id: str) -> Layer:
    """The layer named in the URL, if this request may read it; otherwise NotFound
    (layers.errors.UnknownLayer), NotSignedIn or Refused."""
    return refuse_unless(request.user, load_catalog().get(layer_id), READ)
