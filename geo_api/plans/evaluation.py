"""Plan evaluation (预案评估, issue 10 item 7): after the event is closed, the actions its plan
activation pushed are rated one by one (useful / too late / not needed / not carried out) and
missing actions are proposed. Kept with the activated version; the plan page shows a version's
evaluations so the next revision is written with them (templates/plans/desk/_evaluations.html)."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record

from . import access
from .evaluation_models import PlanActionRating, PlanEvaluation, PlanProposedAction
from .models import Department, PlanAction, PlanActivation

EVALUABLE = ("closed", "archived")
MAX_TEXT = 2000


def activation_actions(activation: PlanActivation) -> list[PlanAction]:
    """The actions the activation pushed: those of its version at its response level."""
    return list(PlanAction.objects.filter(response__version_id=activation.version_id,
                                          response__response_level=activation.response_level).order_by("order"))


def _text(value, name: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(name)s must be text.") % {"name": name}, errors={name: [_("Must be text.")]})
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("%(name)s is required.") % {"name": name}, errors={name: [_("Required.")]})
    if len(value) > limit:
        raise InvalidInput(_("%(name)s is at most %(n)s characters.") % {"name": name, "n": limit},
                           errors={name: [_("Too long.")]})
    return value


def _ratings(body, actions: list[PlanAction]) -> list[tuple[PlanAction, str, str]]:
    items = body.get("ratings")
    if not isinstance(items, list) or not items:
        raise InvalidInput(_("ratings: rate each action the plan pushed, e.g. "
                             '[{"action": 12, "rating": "useful", "note": ""}].'), errors={"ratings": [_("Required.")]})
    by_id = {a.pk: a for a in actions}
    seen, out = set(), []
    for n, item in enumerate(items):
        where = f"ratings[{n}]"
        if not isinstance(item, dict):
            raise InvalidInput(_("%(where)s must be an object.") % {"where": where}, errors={where: [_("Not an object.")]})
        action_id = item.get("action")
        if isinstance(action_id, bool) or not isinstance(action_id, int) or action_id not in by_id:
            raise InvalidInput(_("%(where)s.action: %(id)s is not an action this activation pushed; rate the actions "
                                 "%(ids)s.") % {"where": where, "id": action_id, "ids": ", ".join(map(str, by_id))},
                               errors={f"{where}.action": [_("Not an action of this activation.")]})
        if action_id in seen:
            raise InvalidInput(_("%(where)s: action %(id)s is rated twice.") % {"where": where, "id": action_id},
                               errors={f"{where}.action": [_("Rated twice.")]})
        rating = item.get("rating")
        if rating not in PlanActionRating.Rating.values:
            raise InvalidInput(_("%(where)s.rating is one of %(values)s.") % {
                "where": where, "values": ", ".join(PlanActionRating.Rating.values)},
                errors={f"{where}.rating": [_("Unknown rating.")]})
        seen.add(action_id)
        out.append((by_id[action_id], rating, _text(item.get("note"), f"{where}.note")))
    unrated = [a for a in actions if a.pk not in seen]
    if unrated:
        raise InvalidInput(_("Rate every action the plan pushed; not rated yet: %(titles)s.") % {
            "titles": "、".join(f"{a.title} ({a.pk})" for a in unrated)},
            errors={"ratings": [_("Some actions are not rated.")]}, unrated=[a.pk for a in unrated])
    return out


def _proposals(body) -> list[tuple[str, Department | None, str]]:
    items = body.get("proposed_actions") or []
    if not isinstance(items, list):
        raise InvalidInput(_("proposed_actions must be a list."), errors={"proposed_actions": [_("Not a list.")]})
    out = []
    for n, item in enumerate(items):
        where = f"proposed_actions[{n}]"
        if not isinstance(item, dict):
            raise InvalidInput(_("%(where)s must be an object.") % {"where": where}, errors={where: [_("Not an object.")]})
        title = _text(item.get("title"), f"{where}.title", 200, required=True)
        department = None
        if item.get("department") not in (None, ""):
            department_id = item.get("department")
            department = Department.objects.filter(pk=department_id).first() if isinstance(department_id, int) else None
            if department is None:
                raise InvalidInput(_("%(where)s.department: no department with id %(id)s.") % {
                    "where": where, "id": department_id}, errors={f"{where}.department": [_("Unknown department.")]})
        out.append((title, department, _text(item.get("note"), f"{where}.note")))
    return out


def plan_evaluate(*, plan_id: int, body, user) -> PlanEvaluation:
    """Record the evaluation of one activation of plan `plan_id`. 400 for a body that does not rate
    exactly the activation's actions, 404 for an activation of another plan, 409 before the event
    is closed or when the activation is evaluated already."""
    access.require(user, access.PLAN_ACTIVATORS, _("evaluate plans"))
    access.require_write_scope(user)
    if not isinstance(body, dict):
        raise InvalidInput(_('Send a JSON object with "activation", "ratings" and "proposed_actions".'))
    activation_id = body.get("activation")
    if isinstance(activation_id, bool) or not isinstance(activation_id, int):
        raise InvalidInput(_("activation: the id of the plan activation to evaluate."),
                           errors={"activation": [_("Required.")]})
    with transaction.atomic():
        activation = (PlanActivation.objects.select_for_update().select_related("event", "version")
                      .filter(pk=activation_id, plan_id=plan_id).first())
        if activation is None:
            raise NotFound(_("Plan %(plan)s has no activation %(id)s.") % {"plan": plan_id, "id": activation_id})
        event = activation.event
        if event.status not in EVALUABLE:
            raise Conflict(_("Event %(code)s is %(state)s: a plan is evaluated after the event is closed.") % {
                "code": event.code, "state": event.get_status_display()})
        if PlanEvaluation.objects.filter(activation=activation).exists():
            raise Conflict(_("This activation has been evaluated already."))
        ratings = _ratings(body, activation_actions(activation))
        proposals = _proposals(body)
        evaluation = PlanEvaluation.objects.create(
            version=activation.version, activation=activation, event=event, evaluated_by=user,
            evaluated_at=timezone.now(), summary=_text(body.get("summary"), "summary"))
        PlanActionRating.objects.bulk_create(PlanActionRating(evaluation=evaluation, action=a, rating=r, note=note)
                                             for a, r, note in ratings)
        PlanProposedAction.objects.bulk_create(PlanProposedAction(evaluation=evaluation, title=t, department=d, note=note)
                                               for t, d, note in proposals)
        timeline_record(subject=evaluation, kind=TimelineEntry.Kind.NOTE, actor=user, event_id=event.pk,
                        reason=evaluation.summary, payload={
                            "what": "plan_evaluated", "plan": plan_id, "version": activation.version.number,
                            "activation": activation.pk, "ratings": {r: sum(1 for _a, x, _n in ratings if x == r)
                                                                     for r in PlanActionRating.Rating.values},
                            "proposed": len(proposals)})
    return evaluation
