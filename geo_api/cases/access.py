"""Who reads cases: the readers of the events layer, with its row filter (other agencies' systems
see the major cases, Ⅰ and Ⅱ, as they see those events). Drill cases are for staff who see every
event row, and only when asked (?drills=1): a drill never mixes into the real archive."""
from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from geo_api.common.errors import NotFound
from layers.access import row_filter
from layers.api_access import READ, refuse_unless
from layers.query import LayerQuery
from layers.registry import Layer, load_catalog

from .models import Case


def events_layer() -> Layer:
    return load_catalog().get("events")


def cases_visible_to(user, *, drills: bool = False) -> QuerySet[Case]:
    """The cases `user` may read; NotSignedIn (401) / Refused (403) if they may not read events."""
    layer = refuse_unless(user, events_layer(), READ)
    cases = Case.objects.all()
    if row_filter(user, layer) is None:
        return cases if drills else cases.filter(is_drill=False)
    # A row filter is SQL over the events view (which holds no drills): the ids it lets through.
    ids = [row[0] for row in LayerQuery.of(layer, user).fetch("id")]
    return cases.filter(is_drill=False, event_id__in=ids)


def case_for(user, case_id: int) -> Case:
    """One case this user may read (drills included for those who see them), else 401/403/404."""
    case = cases_visible_to(user, drills=True).filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No case with id %(id)s.") % {"id": case_id})
    return case
