"""Live counters for the map wall."""
from django.db.models import Sum

from geo_api.incidents.models import OPEN_STATUSES
from geo_api.responders.models import Responder
from geo_api.shelters.models import Shelter
from geo_api.warnings.selectors import active_warnings
from layers.access import can_read
from layers.query import LayerQuery
from layers.registry import load_catalog

LEVEL_COLOURS = {1: "red", 2: "orange", 3: "yellow", 4: "blue"}


def _readable(user, layer_id) -> bool:
    return can_read(user, load_catalog().get(layer_id))


def wall_stats(user) -> dict:
    """Live counters; a counter of a layer this user may not read is None."""
    stats = {"active_warnings": None, "shelter_capacity": None, "open_events": None,
             "responders_on_duty": None, "warnings": []}
    if _readable(user, "warnings"):
        warnings = list(active_warnings())
        stats["active_warnings"] = len(warnings)
        stats["warnings"] = [
            {"id": w.id, "identifier": w.identifier, "headline": w.headline, "event_name": w.event_name,
             "level": w.level, "level_colour": LEVEL_COLOURS[w.level], "onset": w.onset, "expires": w.expires,
             "area_desc": w.area_desc}
            for w in warnings
        ]
    if _readable(user, "shelters"):
        usable = Shelter.objects.filter(designation_status__in=[Shelter.Designation.DESIGNATED,
                                                                 Shelter.Designation.FILED])
        stats["shelter_capacity"] = usable.aggregate(total=Sum("capacity"))["total"] or 0
    if _readable(user, "events"):
        events = LayerQuery.of(load_catalog().get("events"), user)
        # Open = still being worked (geo_api/incidents/models.py OPEN_STATUSES); drills are not in the layer.
        stats["open_events"] = events.where("status = ANY(%s)", [str(s) for s in OPEN_STATUSES]).count()
    if _readable(user, "personnel_positions"):
        stats["responders_on_duty"] = Responder.objects.filter(on_duty=True).count()
    return stats
