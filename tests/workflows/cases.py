"""The three converted state fields, described once for the parametrized tests."""
from dataclasses import dataclass

from tests import factories


@dataclass(frozen=True)
class Case:
    layer: str          # layer id, also the /api/<layer>/ prefix of the workflow routes
    field: str          # the owned property
    make: callable      # a fresh row in `start`
    start: str
    editor_role: str    # may edit the layer generically (write_roles)
    actor_role: str     # may perform `transition`
    transition: str
    target: str
    body: dict          # what `transition` takes besides the reason
    forbidden: str      # a state a generic edit tries to jump to
    illegal: str        # a transition the actor may perform, but not from `start`
    outsider_role: str  # reads the row but may not perform `transition`

    def url(self, pk, tail=""):
        return f"/api/{self.layer}/{pk}/{tail}"


CASES = [
    Case("events", "status", lambda: factories.event(41, severity=2), "reported", "duty_officer", "commander",
         "verify", "verified", {}, "closed", "respond", "field_responder"),
    Case("hazards", "rectification_status", lambda: factories.hazard(42, grade=""), "registered",
         "enterprise_staff", "law_enforcement", "assess", "graded", {"grade": "major"}, "closed", "close_out",
         "enterprise_staff"),
    Case("shelters", "designation_status", lambda: factories.shelter(43, designation_status="collected"),
         "collected", "shelter_staff", "commander", "designate", "designated",
         {"document_number": "长应急〔2026〕1号", "decided_on": "2026-11-01"}, "filed", "file",
         "shelter_staff"),
]
IDS = [c.layer for c in CASES]
