"""Thin HTTP layer over incidents.services (see geo_api/timeline/apis.py for the shapes)."""
from geo_api.timeline.apis import TimelineApi, TransitionApi, TransitionListApi, only_keys
from geo_api.timeline.selectors import timeline_for_event

from . import services
from .services import EVENT_WORKFLOW


class EventTransitionsApi(TransitionListApi):
    workflow, pk_kwarg = EVENT_WORKFLOW, "event_id"


class EventTransitionApi(TransitionApi):
    workflow, pk_kwarg = EVENT_WORKFLOW, "event_id"

    def perform(self, request, pk, name, body):
        only_keys(body)
        return services.event_transition(event_id=pk, transition=name, user=request.user, reason=body["reason"])


class EventTimelineApi(TimelineApi):
    """Everything about the incident, not only its own state changes (instructions, reports and
    check-ins name the event too)."""

    workflow, pk_kwarg = EVENT_WORKFLOW, "event_id"

    def entries(self, instance):
        return timeline_for_event(instance.pk)
