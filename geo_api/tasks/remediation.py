"""Remediation tasks from a warning's exposure (预警整改): before anything has happened, the desk
asks the owner of an exposed feature (an enterprise, a hazard, a shelter…) to act. They are plan
tasks without a plan: the same states and transitions (geo_api/tasks/models.py), the same owners,
deadlines and overdue check; they name the warning and the feature instead of an activation."""
from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput, Refused
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record

from .access import oversees
from .models import Task


def _owner(assignee_id, department_id) -> dict:
    from geo_api.plans.models import Department

    if (assignee_id is None) == (department_id is None):
        raise InvalidInput(_("Name either a person (assignee) or a department, not both."),
                           errors={"assignee": [_("One of assignee or department.")]})
    if assignee_id is not None:
        person = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
        if person is None:
            raise InvalidInput(_("No active account with id %(id)s.") % {"id": assignee_id},
                               errors={"assignee": [_("Unknown account.")]})
        return {"assignee": person}
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise InvalidInput(_("No department with id %(id)s.") % {"id": department_id},
                           errors={"department": [_("Unknown department.")]})
    return {"department": department}


def tasks_create_from_exposure(*, warning, features: list[dict], actor, deadline: datetime,
                               assignee_id: int | None = None, department_id: int | None = None,
                               note: str = "") -> list[Task]:
    """One task per chosen feature ({"layer", "id", "name", "layer_title"}, already checked by the
    caller to lie inside the warning and be readable by `actor`), each on the timeline."""
    if not oversees(actor):
        raise Refused(_("Only the duty desk and the commander dispatch remediation tasks."))
    if not features:
        raise InvalidInput(_("Choose at least one exposed feature."), errors={"features": [_("Required.")]})
    if deadline <= timezone.now():
        raise InvalidInput(_("The deadline must be in the future."), errors={"deadline": [_("In the past.")]})
    owner = _owner(assignee_id, department_id)
    created = []
    with transaction.atomic():
        for f in features:
            task = Task.objects.create(
                warning=warning, feature_layer=f["layer"], feature_id=f["id"], deadline=deadline,
                title=(_("Remediation: %(name)s") % {"name": f["name"]})[:200],
                description="\n".join(x for x in (
                    _("Warning: %(headline)s") % {"headline": warning.headline},
                    _("%(layer)s inside the warning area.") % {"layer": f["layer_title"]}, note) if x),
                **owner)
            timeline_record(subject=task, kind=TimelineEntry.Kind.NOTE, actor=actor,
                            reason=note, payload={"what": "task_from_warning", "warning": warning.pk,
                                                  "layer": f["layer"], "feature": f["id"], "owner": task.owner_label,
                                                  "deadline": timezone.localtime(deadline).isoformat()})
            created.append(task)
    return created
