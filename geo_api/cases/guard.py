"""Archived events are read-only (issue 10 item 5): once an event is archived its case is the
record, so nothing about the event may change any more — not the event row, its reports and
files, its plan tasks nor its instructions and their acknowledgements.

The rule is enforced where every write passes: Django's pre_save / pre_delete signals of those
models. Whatever route makes the write (a domain service, a generic layer edit, OGC Part 4, the
admin), it ends in Model.save() or delete() and is refused with Conflict (409) and a message;
the routes' own checks come first and say the same. Scheduled jobs leave archived events out of
their queries (tasks.services.tasks_mark_overdue) so they never meet this refusal."""
from __future__ import annotations

from django.apps import apps
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict

ARCHIVED = "archived"
# (app label, model name, how to find the event id of a row). The command app's models are
# guarded when that app is installed; a model it does not have is skipped.
GUARDED = (
    ("incidents", "EventReport", "event_id"),
    ("incidents", "Attachment", "event_id"),
    ("tasks", "Task", "event_id"),
    ("command", "Instruction", "event_id"),
    ("command", "InstructionDelivery", "event_id"),
    ("command", "CommandSession", "event_id"),
    ("responders", "CheckIn", "event_id"),
)


def archived_conflict(code: str) -> Conflict:
    return Conflict(_("Event %(code)s is archived: its case is read-only and nothing about the event can be "
                      "added or changed. Reopening is not possible; record new information as a new event.")
                    % {"code": code})


def refuse_if_archived(event_id: int | None) -> None:
    """Conflict (409) if event `event_id` is archived; services call it before their own work."""
    if event_id is None:
        return
    from geo_api.incidents.models import Event

    code = Event.objects.filter(pk=event_id, status=ARCHIVED).values_list("code", flat=True).first()
    if code is not None:
        raise archived_conflict(code)


def _event_id_of(instance, path: str):
    if "__" not in path:
        return getattr(instance, path, None)
    first, rest = path.split("__", 1)
    related = getattr(instance, first, None)
    return None if related is None else getattr(related, rest, None)


def _guard_event(sender, instance, **kwargs):
    # The stored row decides: the archive transition itself saves an event that was closed.
    if instance.pk is not None:
        refuse_if_archived(instance.pk)


def _guard_child(path):
    def receiver(sender, instance, **kwargs):
        refuse_if_archived(_event_id_of(instance, path))

    return receiver


_RECEIVERS = []


def connect() -> None:
    from geo_api.incidents.models import Event

    pre_save.connect(_guard_event, sender=Event, dispatch_uid="cases_guard_event_save")
    pre_delete.connect(_guard_event, sender=Event, dispatch_uid="cases_guard_event_delete")
    for app_label, model_name, path in GUARDED:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        receiver = _guard_child(path)
        _RECEIVERS.append(receiver)  # signals hold weak references
        uid = f"cases_guard_{app_label}_{model_name}"
        pre_save.connect(receiver, sender=model, dispatch_uid=uid + "_save")
        pre_delete.connect(receiver, sender=model, dispatch_uid=uid + "_delete")
