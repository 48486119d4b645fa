"""Writes of a shelter's lifecycle. Its designation status changes only here, by its transitions
(geo_api/shelters/models/shelters.py) run through geo_api/timeline/transitions.py, each recorded
on the timeline; designation and filing carry their decision record, evaluation its indicator
results and computed conclusion."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput
from geo_api.timeline.transitions import (TransitionResult, Workflow, _state_detail, allowed_transitions,
                                          readable_instance, run_transition)

from .. import evaluation
from ..models import Shelter, ShelterDecision, ShelterEvaluation
from .files import attach_file

SHELTER_WORKFLOW = Workflow(layer_id="shelters", field="designation_status")
DECISION_KINDS = {"designate": ShelterDecision.Kind.DESIGNATION, "file": ShelterDecision.Kind.FILING,
                  "revoke": ShelterDecision.Kind.REVOCATION}
DECISION_KEYS = ("document_number", "decided_on", "authority")


def _clean_date(value, name: str, *, allow_future=False) -> date:
    parsed = value if isinstance(value, date) else (parse_date(value) if isinstance(value, str) else None)
    if parsed is None:
        raise InvalidInput(_("%(name)s must be a date such as 2026-11-29.") % {"name": name},
                           errors={name: [_("Give a date such as 2026-11-29.")]})
    from geo_api.supervision.models.hazards import today

    if not allow_future and parsed > today():
        raise InvalidInput(_("%(name)s %(date)s is in the future.") % {"name": name, "date": parsed.isoformat()},
                           errors={name: [_("Give today's date or an earlier one.")]})
    return parsed


def clean_decision(data: dict) -> dict:
    """document_number and decided_on (required), authority (optional) → cleaned values."""
    number = (data.get("document_number") or "").strip() if isinstance(data.get("document_number"), str) else ""
    errors = {}
    if not number:
        errors["document_number"] = [_("Give the number of the decision document, e.g. 长应急〔2026〕12号.")]
    elif len(number) > 80:
        errors["document_number"] = [_("At most 80 characters.")]
    if errors:
        raise InvalidInput(_("The decision record needs its document number and date."), errors=errors)
    cleaned = {"document_number": number, "decided_on": _clean_date(data.get("decided_on"), "decided_on")}
    authority = data.get("authority")
    if isinstance(authority, str) and authority.strip():
        cleaned["authority"] = authority.strip()[:100]
    return cleaned


def shelter_transition(*, shelter_id: int, transition: str, user, reason: str = "", decision: dict | None = None,
                       attachment=None) -> TransitionResult:
    """designate, file, revoke or recollect shelter `shelter_id` as `user`. designate and file
    take their decision record (`decision`: document_number, decided_on, authority), revoke may;
    `attachment` (an uploaded PDF or image) is kept with the record. evaluate is performed by
    shelter_evaluate (it needs the indicator results)."""
    given = {k: v for k, v in (decision or {}).items() if k in DECISION_KEYS and v not in (None, "")}
    if (given or attachment) and transition not in DECISION_KINDS:
        raise InvalidInput(_("%(name)s takes no decision record.") % {"name": transition},
                           errors={k: [_("Not taken by this transition.")] for k in (*given, *(["attachment"] if attachment else []))})
    payload: dict = {}

    def prepare(shelter):
        # After the access, permission and state checks: a refusal comes before a form error.
        if transition in ("designate", "file") or given or attachment is not None:
            shelter._decision = clean_decision(given)
            payload["decision"] = {**shelter._decision, "decided_on": shelter._decision["decided_on"].isoformat()}

    with transaction.atomic():
        result = run_transition(workflow=SHELTER_WORKFLOW, pk=shelter_id, name=transition, user=user, reason=reason,
                                prepare=prepare, payload=payload)
        cleaned = getattr(result.instance, "_decision", None)
        if cleaned:
            record = ShelterDecision.objects.create(shelter=result.instance, kind=DECISION_KINDS[transition],
                                                    decided_by=user, **cleaned)
            if attachment is not None:
                attach_file(shelter=result.instance, kind="decision", upload=attachment, user=user, decision=record)
    return result


def shelter_transition_to(*, shelter_id: int, to: str, user, reason: str = "", decision: dict | None = None,
                          attachment=None) -> TransitionResult:
    """The contract form: move to state `to` by the transition that leads there from the current
    state; none → 409 listing the transitions allowed now."""
    if not isinstance(to, str) or to not in Shelter.Designation.values:
        raise InvalidInput(_('"to" must be one of %(states)s.') % {"states": ", ".join(Shelter.Designation.values)},
                           errors={"to": [_("Unknown state.")]})
    if to == Shelter.Designation.EVALUATED:
        raise Conflict(_("A shelter is evaluated by recording an evaluation: POST /api/shelters/%(id)s/evaluations/ "
                         "with the indicator results.") % {"id": shelter_id},
                       **_state_detail(SHELTER_WORKFLOW, readable_instance(SHELTER_WORKFLOW, shelter_id, user), user))
    shelter = readable_instance(SHELTER_WORKFLOW, shelter_id, user)
    state = shelter.designation_status
    name = next((m for m, meta in SHELTER_WORKFLOW.metas().items()
                 if meta.has_transition(state) and meta.get_transition(state).target == to), None)
    if name is None:
        allowed = allowed_transitions(SHELTER_WORKFLOW, shelter, user)
        raise Conflict(_("Shelter %(id)s is %(state)s: it cannot move to %(to)s. Possible now: %(allowed)s.") % {
            "id": shelter_id, "state": SHELTER_WORKFLOW.state_label(state), "to": SHELTER_WORKFLOW.state_label(to),
            "allowed": ", ".join(f"{a['target']} ({a['label']})" for a in allowed) or _("none for your account")},
            **_state_detail(SHELTER_WORKFLOW, shelter, user))
    return shelter_transition(shelter_id=shelter_id, transition=name, user=user, reason=reason, decision=decision,
                              attachment=attachment)


def shelter_evaluate(*, shelter_id: int, user, results, evaluated_on=None, team: str = "", note: str = "",
                     reason: str = "") -> ShelterEvaluation:
    """Record an evaluation of a filed (or already evaluated) shelter: the conclusion is computed
    from the indicator results (geo_api/shelters/evaluation.py) and becomes the shelter's by the
    evaluate transition, in one transaction."""
    cleaned = evaluation.clean_results(results)
    outcome = evaluation.conclude(cleaned)
    on = _clean_date(evaluated_on, "evaluated_on") if evaluated_on not in (None, "") else None
    if not isinstance(team, str) or not isinstance(note, str):
        raise InvalidInput(_("team and note must be text."))
    from geo_api.supervision.models.hazards import today

    record = ShelterEvaluation(evaluated_on=on or today(), team=team.strip()[:100], note=note.strip(),
                               results=cleaned, conclusion=outcome.conclusion, unmet=outcome.unmet, evaluator=user)

    def prepare(shelter):
        shelter._evaluation = record

    with transaction.atomic():
        result = run_transition(workflow=SHELTER_WORKFLOW, pk=shelter_id, name="evaluate", user=user,
                                reason=reason or _("Evaluation: %(conclusion)s") % {"conclusion": outcome.label},
                                prepare=prepare, payload={"conclusion": outcome.conclusion, "unmet": outcome.unmet})
        record.shelter = result.instance
        record.save()
    return record
