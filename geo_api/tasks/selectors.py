"""Reads of the tasks domain: the tasks a user may see, as JSON with what they may do next."""
from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from geo_api.timeline.transitions import allowed_transitions

from .access import mine_q, tasks_visible_to
from .models import Task
from .workflow import TASK_WORKFLOW


def tasks_list(user, *, mine: bool = False, event_id: int | None = None, status: str = "",
               overdue: bool = False) -> QuerySet[Task]:
    tasks = tasks_visible_to(user)
    if mine:
        tasks = tasks.filter(mine_q(user)).distinct()
    if event_id is not None:
        tasks = tasks.filter(event_id=event_id)
    if status:
        tasks = tasks.filter(status=status)
    if overdue:
        tasks = tasks.filter(overdue_at__isnull=False)
    return tasks.select_related("assignee", "department", "event", "activation__plan", "activation__version",
                                 "warning")


def _local(value) -> str | None:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None


def task_json(task: Task, user) -> dict:
    allowed = allowed_transitions(TASK_WORKFLOW, task, user)
    return {
        "id": task.pk, "title": task.title, "description": task.description,
        "status": task.status, "status_label": str(Task.Status(task.status).label),
        "event": {"id": task.event_id, "code": task.event.code, "title": task.event.title} if task.event_id else None,
        "plan": ({"id": task.activation.plan_id, "code": task.activation.plan.code,
                  "title": task.activation.version.title, "response_level": task.activation.response_level}
                 if task.activation_id else None),
        "warning": ({"id": task.warning_id, "headline": task.warning.headline, "level": task.warning.level}
                    if task.warning_id else None),
        "feature": {"layer": task.feature_layer, "id": task.feature_id} if task.feature_layer else None,
        "assignee": ({"id": task.assignee_id, "username": task.assignee.username,
                      "name": task.assignee.get_full_name() or task.assignee.username} if task.assignee_id else None),
        "department": ({"id": task.department_id, "code": task.department.code, "name": task.department.name}
                       if task.department_id else None),
        "owner_label": task.owner_label,
        "deadline": timezone.localtime(task.deadline).isoformat(), "deadline_display": _local(task.deadline),
        "overdue": task.overdue_at is not None, "overdue_at": _local(task.overdue_at),
        "done_at": _local(task.done_at),
        "allowed": [{"to": a["target"], "label": a["label"], "needs_reason": a["needs_reason"], "name": a["name"]}
                    for a in allowed],
    }
