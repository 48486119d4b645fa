"""State machines, one mechanism. Each workflow-owned state field is a protected django-fsm
`FSMField` whose transitions declare their source and target states, `permission=` (roles) and
`conditions=`; `run_transition` is the only way a state changes: it checks that the user may read
the row (the layer's access and row filter, layers.access / layers.query), may perform the
transition and that the transition is possible from the current state, then runs it under
SELECT ... FOR UPDATE, saves, and writes the timeline entry (who, when, why) in the same
transaction. django-fsm's own signals are not used: the timeline write is explicit here.

Transitions carry their display label and rules in `custom`:
  label         what a person sees (gettext_lazy)
  needs_reason  the transition must say why (closing, dismissing, rejecting, revoking)
  system        only the platform itself performs it (a scheduled check); no user may"""
from __future__ import annotations

import inspect
from dataclasses import dataclass

import django_fsm
from django.db import transaction
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound, NotSignedIn, Refused
from layers.api_access import READ, refuse_unless
from layers.query import LayerQuery
from layers.registry import Layer, load_catalog

from .models import TimelineEntry
from .services import timeline_record


@dataclass(frozen=True)
class Workflow:
    """The state machine on `field` of the model behind the layer `layer_id`."""

    layer_id: str
    field: str

    @property
    def layer(self) -> Layer:
        return load_catalog().get(self.layer_id)

    @property
    def model(self):
        return self.layer.model_class

    def metas(self) -> dict:
        """{transition name: django-fsm meta}, in declaration order of the model."""
        field = self.model._meta.get_field(self.field)
        methods = sorted(field.transitions[self.model].items(),
                         key=lambda item: inspect.unwrap(item[1]).__code__.co_firstlineno)
        return {name: method._django_fsm for name, method in methods}

    def state_label(self, state) -> str:
        choices = dict(self.model._meta.get_field(self.field).choices or ())
        return str(choices.get(state, state))


@dataclass(frozen=True)
class TransitionResult:
    instance: object
    entry: TimelineEntry


def _first(meta):
    return next(iter(meta.transitions.values()))


def _unmet(transition, instance):
    return [c for c in transition.conditions if not c(instance)]


def allowed_transitions(workflow: Workflow, instance, user) -> list[dict]:
    """The transitions from the current state this user may perform; one whose condition is not
    met yet is listed with `blocked` (what to do first). user None = the platform itself."""
    state = getattr(instance, workflow.field)
    out = []
    for name, meta in workflow.metas().items():
        if not meta.has_transition(state):
            continue
        found = meta.get_transition(state)
        if user is None:
            if not found.custom.get("system"):
                continue
        elif not found.has_perm(instance, user):
            continue
        item = {"name": name, "target": found.target, "target_label": workflow.state_label(found.target),
                "label": str(found.custom.get("label", name)), "needs_reason": bool(found.custom.get("needs_reason"))}
        unmet = _unmet(found, instance)
        if unmet:
            item["blocked"] = str(unmet[0].message)
        out.append(item)
    return out


def _may_act(user) -> bool:
    """A transition is a write: an API token needs its "write" scope."""
    scopes = getattr(user, "_onemap_token_scopes", None)  # set for API-token requests only
    return scopes is None or "write" in scopes


def readable_instance(workflow: Workflow, pk: int, user, *, lock: bool = False):
    """The row if this user may read it (layer access and row filter), else NotSignedIn /
    Refused / NotFound; `lock` takes the row lock for a transition. A workflow over a model that
    is not a map layer (a duty swap) decides itself, by its own `readable(pk, user, lock=)`."""
    if hasattr(workflow, "readable"):
        return workflow.readable(pk, user, lock=lock)
    layer = workflow.layer
    if user is not None:
        refuse_unless(user, layer, READ)
    manager = workflow.model.objects.select_for_update() if lock else workflow.model.objects
    instance = manager.filter(pk=pk).first()
    if instance is None or (user is not None and not LayerQuery.of(layer, user).visible_ids([pk])):
        raise NotFound(_("No %(what)s with id %(id)s.") % {"what": workflow.model._meta.verbose_name, "id": pk})
    return instance


def _state_detail(workflow, instance, user) -> dict:
    state = getattr(instance, workflow.field)
    return {"state": state, "state_label": workflow.state_label(state),
            "allowed": allowed_transitions(workflow, instance, user)}


def run_transition(*, workflow: Workflow, pk: int, name: str, user, reason: str = "",
                   prepare=None, payload: dict | None = None) -> TransitionResult:
    """Perform transition `name` on row `pk` as `user` (None: the platform itself) and record it.
    `prepare(instance)` sets what the transition takes besides the state (a grade, a deadline)
    before its conditions are checked; it raises InvalidInput for bad values."""
    reason = (reason or "").strip()
    with transaction.atomic():
        instance = readable_instance(workflow, pk, user, lock=True)
        meta = workflow.metas().get(name)
        if meta is None:
            raise NotFound(_("There is no transition %(name)s here.") % {"name": name},
                           **_state_detail(workflow, instance, user))
        declared = _first(meta)
        if user is None:
            if not declared.custom.get("system"):
                raise Refused(_("Only a person may perform %(name)s.") % {"name": name})
        elif not getattr(user, "is_authenticated", False):
            raise NotSignedIn(_("Sign in to change this record."))
        elif not (declared.has_perm(instance, user) and _may_act(user)):
            raise Refused(_("Your account may not perform %(label)s (%(name)s).") % {
                "label": declared.custom.get("label", name), "name": name},
                roles=sorted(getattr(declared.permission, "roles", ())), **_state_detail(workflow, instance, user))
        state = getattr(instance, workflow.field)
        if not meta.has_transition(state):
            raise Conflict(_("%(what)s %(id)s is %(state)s: %(label)s is not possible from here.") % {
                "what": workflow.model._meta.verbose_name, "id": pk, "state": workflow.state_label(state),
                "label": declared.custom.get("label", name)}, **_state_detail(workflow, instance, user))
        found = meta.get_transition(state)
        if found.custom.get("needs_reason") and not reason:
            raise InvalidInput(_("Say why: %(label)s needs a reason.") % {"label": found.custom.get("label", name)},
                               errors={"reason": [_("This transition needs a reason.")]})
        if prepare is not None:
            prepare(instance)
        unmet = _unmet(found, instance)
        if unmet:
            raise Conflict(str(unmet[0].message), **_state_detail(workflow, instance, user))
        bound = getattr(instance, name)
        if user is not None and not django_fsm.has_transition_perm(bound, user):
            raise Refused(_("Your account may not perform %(name)s.") % {"name": name})
        bound()
        instance.save()
        target = getattr(instance, workflow.field)
        entry = timeline_record(
            subject=instance, kind=TimelineEntry.Kind.TRANSITION, actor=user, reason=reason, transition=name,
            from_state=state, to_state=target, payload={"field": workflow.field, **(payload or {})})
    return TransitionResult(instance, entry)


def transition_answer(workflow: Workflow, result: TransitionResult, user) -> dict:
    from .selectors import entry_json

    return {"id": result.instance.pk, **_state_detail(workflow, result.instance, user),
            "entry": entry_json(result.entry)}


def owned_field_state(instance, user) -> list[dict]:
    """For generic edits refused on an owned field: the transitions this user may perform now,
    whatever protected state machine the model has (used by geo_api/editing)."""
    out = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, django_fsm.FSMFieldMixin):
            for found in getattr(instance, f"get_available_user_{field.name}_transitions")(user):
                if not found.custom.get("system"):
                    out.append({"name": found.name, "target": found.target,
                                "label": str(found.custom.get("label", found.name))})
    return out
