"""Fields owned by a workflow (the registry's `workflow_fields`): a generic edit may not change
them. A create may only leave them at their initial value, an update may send the current value
unchanged (a form posts every field) but not a new one; anything else is OwnedByWorkflow (409),
whose message names the workflow endpoint and the transitions this user may perform now."""
from django.utils.translation import gettext as _

from geo_api.common.errors import OwnedByWorkflow
from layers.registry import Layer


def owned_fields(layer: Layer) -> dict[str, str]:
    return dict(layer.workflow_fields or {})


def _label(layer, name) -> str:
    return str(layer.model_class._meta.get_field(name).verbose_name)


def _display(layer, name, value) -> str:
    choices = dict(layer.model_class._meta.get_field(name).choices or ())
    return str(choices.get(value, value if value is not None else "—"))


def refuse_owned_changes(*, user, layer: Layer, instance, values: dict) -> None:
    """Raise OwnedByWorkflow if `values` (validated properties) change an owned field; drop the
    owned fields that do not change, so the caller never assigns them."""
    for name, endpoint in owned_fields(layer).items():
        if name not in values:
            continue
        field = layer.model_class._meta.get_field(name)
        if instance is None and not field.has_default():
            continue  # no initial value to keep (an event's severity): the creator sets it, a workflow changes it
        current = field.get_default() if instance is None else getattr(instance, name)
        if values[name] == current:
            del values[name]
            continue
        if instance is None:
            raise OwnedByWorkflow(
                _("%(field)s of a new record is %(initial)s; it then changes only through its workflow "
                  "(%(endpoint)s). Leave it out of the new feature.") % {
                    "field": _label(layer, name), "initial": _display(layer, name, current),
                    "endpoint": endpoint.replace("{id}", "<id>")},
                field=name, endpoint=endpoint, allowed=[])
        if not endpoint.endswith("/transitions/"):  # changed by its own service, with a reason
            raise OwnedByWorkflow(
                _("%(field)s is changed through POST %(url)s with a reason, not by editing.") % {
                    "field": _label(layer, name), "url": endpoint.replace("{id}", str(instance.pk))},
                field=name, endpoint=endpoint.replace("{id}", str(instance.pk)),
                state=_display(layer, name, current), allowed=[])
        from geo_api.timeline.transitions import owned_field_state

        allowed = owned_field_state(instance, user)
        url = endpoint.replace("{id}", str(instance.pk))
        possible = ", ".join(f"{a['name']} ({a['label']})" for a in allowed) or _("none for your account")
        raise OwnedByWorkflow(
            _("%(field)s is changed by its workflow, not by editing: POST %(url)s<name>/ with a reason. "
              "Possible now: %(possible)s.") % {"field": _label(layer, name), "url": url, "possible": possible},
            field=name, endpoint=url, state=_display(layer, name, current), allowed=allowed)
