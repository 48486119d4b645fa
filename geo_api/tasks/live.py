"""The `task` live record (geo_api/live/records.py): a task's changes reach its owner (the person,
or the members of the department) on their `user.N` topic and the event's readers on `event.N`;
who receives it is decided by the same code as GET /api/tasks/ (access.tasks_visible_to)."""
from .access import tasks_visible_to
from .models import Task


def visible_task_ids(user, ids) -> set[int]:
    return set(tasks_visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def task_owners(ids) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for task_id, assignee, member in Task.objects.filter(pk__in=list(ids)).values_list(
            "pk", "assignee_id", "department__members"):
        who = assignee if assignee is not None else member
        if who is not None:
            out.setdefault(task_id, []).append(who)
    return out


def register() -> None:
    from geo_api.live.records import register_record

    register_record(Task._meta.db_table, "task", visible_task_ids, user_topics=task_owners)
