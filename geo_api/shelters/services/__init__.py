"""Writes of the shelters domain, one module per idea: lifecycle (transitions, decisions,
evaluations), collection (area, type, photos), files, inspections (plans, inspections,
rectification), openings (in an event)."""
from .collection import shelter_add_photo, shelter_collect
from .inspections import (RECTIFICATION_WORKFLOW, inspection_record, plan_create, plans_make_due,
                          rectification_transition, rectifications_mark_overdue)
from .lifecycle import SHELTER_WORKFLOW, shelter_evaluate, shelter_transition, shelter_transition_to
from .openings import movement_record, opening_close, opening_open

__all__ = ["RECTIFICATION_WORKFLOW", "SHELTER_WORKFLOW", "inspection_record", "movement_record", "opening_close",
           "opening_open", "plan_create", "plans_make_due", "rectification_transition", "rectifications_mark_overdue",
           "shelter_add_photo", "shelter_collect", "shelter_evaluate", "shelter_transition", "shelter_transition_to"]
