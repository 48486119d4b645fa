"""Who may open the command view of an event: whoever may read that event (the events layer's
access level and row filter, the same decision as /api/events/ and /ogc). Asked before the page is
served so a person who may not gets a sentence saying so, not an empty map; every API the page
calls decides again on its own."""
from django.utils.translation import gettext as _

from geo_api.editing.selectors import feature_by_id
from layers.api_access import READ, refusal
from layers.registry import load_catalog


def command_refusal(user, event_id: int) -> tuple[int, str] | None:
    """None if `user` may open the command view of `event_id`, else (HTTP status, message)."""
    layer = load_catalog().get("events")
    error = refusal(user, layer, READ)
    if error is not None:
        return int(error.status), _("Your account may not open the command view: it may not read events. "
                                    "Ask an administrator for the commander or duty officer role.")
    if feature_by_id(layer, event_id, user) is None:
        return 404, _("There is no event %(id)s, or your account may not see it; open the command view "
                      "from the events list.") % {"id": event_id}
    return None
