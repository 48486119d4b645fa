"""Writes of the supervision domain. A hazard's rectification status changes only here, by its
transitions (geo_api/supervision/models/hazards.py), each recorded on the timeline."""
from datetime import date

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput
from geo_api.timeline.transitions import TransitionResult, Workflow, run_transition

from .models import Hazard
from .models.hazards import today

HAZARD_WORKFLOW = Workflow(layer_id="hazards", field="rectification_status")
# What a transition takes besides the state: grading gives the grade, starting the
# rectification its deadline (either may already be on the record).
EXTRAS = {"assess": ("grade",), "start_rectification": ("deadline",)}


def _clean_grade(value) -> str:
    if value not in Hazard.Grade.values:
        raise InvalidInput(_("grade must be one of %(values)s.") % {"values": ", ".join(Hazard.Grade.values)},
                           errors={"grade": [_("Choose general or major.")]})
    return value


def _clean_deadline(value) -> date:
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise InvalidInput(_("deadline must be a date such as 2026-12-31."),
                           errors={"deadline": [_("Give a date such as 2026-12-31.")]})
    if parsed < today():
        raise InvalidInput(_("The deadline %(date)s has already passed.") % {"date": parsed.isoformat()},
                           errors={"deadline": [_("Give a date from today on.")]})
    return parsed


def hazard_transition(*, hazard_id: int, transition: str, user, reason: str = "", grade: str | None = None,
                      deadline: str | date | None = None) -> TransitionResult:
    """assess, start_rectification, report_rectified, accept, reject or close_out hazard
    `hazard_id` as `user`; `grade` goes with assess, `deadline` with start_rectification."""
    given = {name: value for name, value in (("grade", grade), ("deadline", deadline)) if value is not None}
    misplaced = sorted(set(given) - set(EXTRAS.get(transition, ())))
    if misplaced:
        raise InvalidInput(_("%(fields)s cannot be given with %(name)s.") % {
            "fields": ", ".join(misplaced), "name": transition},
            errors={name: [_("Not taken by this transition.")] for name in misplaced})
    cleaned = {}
    if "grade" in given:
        cleaned["grade"] = _clean_grade(given["grade"])
    if "deadline" in given:
        value = given["deadline"]
        cleaned["deadline"] = value if isinstance(value, date) else _clean_deadline(value)

    def prepare(hazard):
        for name, value in cleaned.items():
            setattr(hazard, name, value)

    payload = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in cleaned.items()}
    return run_transition(workflow=HAZARD_WORKFLOW, pk=hazard_id, name=transition, user=user, reason=reason,
                          prepare=prepare, payload=payload)


def hazards_mark_overdue() -> list[int]:
    """The scheduled check: every graded or rectifying hazard past its deadline becomes overdue,
    each with its own timeline entry by the system. Returns the ids it moved; a hazard that
    moved on meanwhile (rectified since the query) is left alone."""
    moved = []
    due = Hazard.objects.filter(
        rectification_status__in=[Hazard.Rectification.GRADED, Hazard.Rectification.RECTIFYING],
        deadline__lt=today()).order_by("id").values_list("id", flat=True)
    for hazard_id in list(due):
        try:
            run_transition(workflow=HAZARD_WORKFLOW, pk=hazard_id, name="mark_overdue", user=None,
                           reason=_("The rectification deadline passed."),
                           payload={"checked_on": today().isoformat()})
        except Conflict:
            continue
        moved.append(hazard_id)
    return moved
