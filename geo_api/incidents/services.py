"""Writes of the incidents domain. An event's status changes only here, by its transitions
(geo_api/incidents/models.py), each recorded on the timeline with who, when and why."""
from geo_api.timeline.transitions import TransitionResult, Workflow, run_transition

EVENT_WORKFLOW = Workflow(layer_id="events", field="status")


def event_transition(*, event_id: int, transition: str, user, reason: str = "") -> TransitionResult:
    """verify, respond, close, dismiss or reopen event `event_id` as `user`.
    Refused → Refused (403), not possible now → Conflict (409) listing what is, no such event
    for this user → NotFound (404), missing reason → InvalidInput (400)."""
    return run_transition(workflow=EVENT_WORKFLOW, pk=event_id, name=transition, user=user, reason=reason)
