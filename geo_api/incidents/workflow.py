"""The event's state machine as a workflow. Drills are left out of the events layer's rows (the
real map never shows them), yet staff work a drill like a real event, transitions included: the
row decision here is `event_for`'s, which lets staff who see every row reach a drill."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo_api.common.errors import NotFound
from geo_api.timeline.transitions import Workflow

from .models import Event
from .selectors import event_for


@dataclass(frozen=True)
class EventWorkflow(Workflow):
    def readable(self, pk, user, *, lock=False) -> Event:
        if user is not None:
            event_for(user, pk)  # NotSignedIn / Refused / NotFound, drills for staff who see every row
        manager = Event.objects.select_for_update() if lock else Event.objects
        instance = manager.filter(pk=pk).first()
        if instance is None:  # deleted between the two reads
            raise NotFound(_("No event with id %(id)s.") % {"id": pk})
        return instance


EVENT_WORKFLOW = EventWorkflow(layer_id="events", field="status")
