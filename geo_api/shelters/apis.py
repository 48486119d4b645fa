"""Thin HTTP layer over shelters.services (see geo_api/timeline/apis.py for the shapes)."""
from geo_api.timeline.apis import TimelineApi, TransitionApi, TransitionListApi, only_keys

from . import services
from .services import SHELTER_WORKFLOW


class ShelterTransitionsApi(TransitionListApi):
    workflow, pk_kwarg = SHELTER_WORKFLOW, "shelter_id"


class ShelterTransitionApi(TransitionApi):
    workflow, pk_kwarg = SHELTER_WORKFLOW, "shelter_id"

    def perform(self, request, pk, name, body):
        only_keys(body)
        return services.shelter_transition(shelter_id=pk, transition=name, user=request.user,
                                           reason=body["reason"])


class ShelterTimelineApi(TimelineApi):
    workflow, pk_kwarg = SHELTER_WORKFLOW, "shelter_id"
