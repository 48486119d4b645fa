"""Writes of the shelters domain. A shelter's designation status changes only here, by its
transitions (geo_api/shelters/models.py), each recorded on the timeline."""
from geo_api.timeline.transitions import TransitionResult, Workflow, run_transition

SHELTER_WORKFLOW = Workflow(layer_id="shelters", field="designation_status")


def shelter_transition(*, shelter_id: int, transition: str, user, reason: str = "") -> TransitionResult:
    """designate, file, revoke or recollect shelter `shelter_id` as `user`."""
    return run_transition(workflow=SHELTER_WORKFLOW, pk=shelter_id, name=transition, user=user, reason=reason)
