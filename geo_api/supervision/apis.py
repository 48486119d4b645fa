"""Thin HTTP layer over supervision.services (see geo_api/timeline/apis.py for the shapes)."""
from geo_api.timeline.apis import TimelineApi, TransitionApi, TransitionListApi, only_keys

from . import services
from .services import HAZARD_WORKFLOW


class HazardTransitionsApi(TransitionListApi):
    workflow, pk_kwarg = HAZARD_WORKFLOW, "hazard_id"


class HazardTransitionApi(TransitionApi):
    """assess takes {"grade": "general"|"major"}, start_rectification {"deadline": "2026-12-31"}."""

    workflow, pk_kwarg = HAZARD_WORKFLOW, "hazard_id"

    def perform(self, request, pk, name, body):
        only_keys(body, "grade", "deadline")
        return services.hazard_transition(hazard_id=pk, transition=name, user=request.user, reason=body["reason"],
                                          grade=body.get("grade"), deadline=body.get("deadline"))


class HazardTimelineApi(TimelineApi):
    workflow, pk_kwarg = HAZARD_WORKFLOW, "hazard_id"
