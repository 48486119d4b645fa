"""Reads of plan evaluations: as JSON for the API, and grouped for the plan page."""
from __future__ import annotations

from django.utils import timezone

from .evaluation_models import PlanEvaluation


def evaluation_json(evaluation: PlanEvaluation) -> dict:
    return {
        "id": evaluation.pk, "plan": evaluation.version.plan_id, "version": evaluation.version.number,
        "activation": evaluation.activation_id, "event": evaluation.event_id, "event_code": evaluation.event.code,
        "summary": evaluation.summary, "by": evaluation.evaluated_by.get_username(),
        "at": timezone.localtime(evaluation.evaluated_at).isoformat(),
        "at_display": timezone.localtime(evaluation.evaluated_at).strftime("%Y-%m-%d %H:%M"),
        "ratings": [{"action": r.action_id, "title": r.action.title, "rating": r.rating,
                     "rating_label": str(r.get_rating_display()), "note": r.note} for r in evaluation.ratings.all()],
        "proposed_actions": [{"title": p.title, "department": p.department_id,
                              "department_name": p.department.name if p.department else "", "note": p.note}
                             for p in evaluation.proposals.all()],
    }


def evaluations_of_plan(plan_id: int, *, version_id: int | None = None) -> list[dict]:
    rows = (PlanEvaluation.objects.filter(version__plan_id=plan_id)
            .select_related("version", "event", "evaluated_by")
            .prefetch_related("ratings__action", "proposals__department").order_by("-evaluated_at", "-id"))
    if version_id is not None:
        rows = rows.filter(version_id=version_id)
    return [evaluation_json(e) for e in rows]
