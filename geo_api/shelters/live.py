"""The `shelter_opening` live record (geo_api/live/records.py): a shelter opened for an event, whose
people-inside count changes with every arrival and departure, is published on the event's topic so
the command view shows the room left as it changes. Who receives it is who may read the event
(the events layer's access and row filter, as GET /api/events/{id}/shelters/ decides)."""
from layers.access import can_read
from layers.query import LayerQuery
from layers.registry import load_catalog

from .models import ShelterOpening


def visible_opening_ids(user, ids) -> set[int]:
    events = load_catalog().get("events")
    if not can_read(user, events):
        return set()
    rows = dict(ShelterOpening.objects.filter(pk__in=list(ids)).values_list("pk", "event_id"))
    readable = LayerQuery.of(events, user).visible_ids(set(rows.values())) if rows else set()
    return {pk for pk, event_id in rows.items() if event_id in readable}


def register() -> None:
    from geo_api.live.records import register_record

    register_record(ShelterOpening._meta.db_table, "shelter_opening", visible_opening_ids)
