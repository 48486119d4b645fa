"""Writes of the tasks domain. A task's state changes only through its transitions
(geo_api/tasks/models.py) run by geo_api/timeline/transitions.run_transition, each on the event's
timeline; the overdue flag is set by the scheduled check alone."""
from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, Refused
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record
from geo_api.timeline.transitions import TransitionResult, _state_detail, run_transition

from .models import Task
from .workflow import TASK_WORKFLOW

OPEN = (Task.Status.ASSIGNED, Task.Status.ACCEPTED, Task.Status.IN_PROGRESS)


def tasks_create_for_activation(*, activation, actor) -> list[Task]:
    """One task per action of the activated level for each responsible person and each
    responsible department; the caller (plans.services.plan_activate) holds the transaction."""
    response = activation.version.responses.get(response_level=activation.response_level)
    tasks = []
    for action in response.actions.order_by("order").prefetch_related("people", "departments"):
        deadline = activation.activated_at + timedelta(minutes=action.deadline_minutes)
        common = dict(activation=activation, action=action, event_id=activation.event_id, title=action.title,
                      description=action.description, deadline=deadline)
        for person in action.people.order_by("username"):
            tasks.append(Task.objects.create(assignee=person, **common))
        for department in action.departments.order_by("code"):
            tasks.append(Task.objects.create(department=department, **common))
    return tasks


def task_transition(*, task_id: int, to: str, user, reason: str = "") -> TransitionResult:
    """Move task `task_id` to state `to` (accepted, in_progress, done, rejected) as `user`.
    Unknown state → 400; not possible from here → 409 listing what is; not theirs → 403."""
    task = TASK_WORKFLOW.readable(task_id, user)  # who may see it, before what is wrong with the body
    if to not in Task.Status.values:
        raise InvalidInput(_("%(to)s is not a task state; use one of %(states)s.") % {
            "to": to, "states": ", ".join(Task.Status.values)}, errors={"to": [_("Unknown state.")]})
    name = None
    for candidate, meta in TASK_WORKFLOW.metas().items():
        if candidate != "reassign" and meta.has_transition(task.status) and meta.get_transition(task.status).target == to:
            name = candidate
            break
    if name is None:
        raise Conflict(_("The task is %(state)s: it cannot become %(to)s from here.") % {
            "state": task.get_status_display(), "to": Task.Status(to).label}, **_state_detail(TASK_WORKFLOW, task, user))
    return run_transition(workflow=TASK_WORKFLOW, pk=task_id, name=name, user=user, reason=reason)


def task_reassign(*, task_id: int, user, reason: str, assignee_id: int | None = None,
                  department_id: int | None = None) -> TransitionResult:
    """改派: to one person or one department (exactly one), back to assigned, with a reason."""
    from geo_api.plans.models import Department

    from .models import DISPATCH

    task = TASK_WORKFLOW.readable(task_id, user)  # who may see it, before what is wrong with the body
    if not DISPATCH(task, user):
        raise Refused(_("Only the duty desk and the commander reassign tasks."))
    if (assignee_id is None) == (department_id is None):
        raise InvalidInput(_("Name either a person (assignee) or a department, not both."),
                           errors={"assignee": [_("One of assignee or department.")]})
    if assignee_id is not None:
        person = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
        if person is None:
            raise InvalidInput(_("No active account with id %(id)s.") % {"id": assignee_id},
                               errors={"assignee": [_("Unknown account.")]})
        new = {"assignee": person, "department": None}
        label = person.get_full_name() or person.get_username()
    else:
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            raise InvalidInput(_("No department with id %(id)s.") % {"id": department_id},
                               errors={"department": [_("Unknown department.")]})
        new = {"assignee": None, "department": department}
        label = department.name
    before = {}

    def prepare(task):
        before["owner"] = task.owner_label
        task.assignee, task.department = new["assignee"], new["department"]
        task.overdue_at = None if task.deadline > timezone.now() else task.overdue_at

    result = run_transition(workflow=TASK_WORKFLOW, pk=task_id, name="reassign", user=user, reason=reason,
                            prepare=prepare, payload={"to_owner": label})
    return result


def tasks_mark_overdue(now=None) -> list[int]:
    """The scheduled check: every open task past its deadline is flagged overdue once, with an
    entry on its event's timeline by the system. Returns the ids it flagged; safe to run twice."""
    now = now or timezone.now()
    flagged = []
    # An archived event is read-only (geo_api/cases/guard.py): its tasks are not flagged any more.
    due = (Task.objects.filter(status__in=OPEN, deadline__lt=now, overdue_at__isnull=True)
           .exclude(event__status="archived").values_list("id", flat=True))
    for task_id in list(due.order_by("deadline", "id")):
        with transaction.atomic():
            task = Task.objects.select_for_update().filter(
                pk=task_id, status__in=OPEN, overdue_at__isnull=True).first()
            if task is None:
                continue  # done or flagged meanwhile
            task.overdue_at = now
            task.save(update_fields=["overdue_at", "updated_at"])
            timeline_record(subject=task, kind=TimelineEntry.Kind.NOTE, actor=None, at=now,
                            reason=_("The deadline passed before the task was done."),
                            payload={"what": "task_overdue", "task": task.pk, "title": task.title,
                                     "owner": task.owner_label, "state": task.status,
                                     "deadline": timezone.localtime(task.deadline).isoformat()})
        flagged.append(task_id)
    return flagged
