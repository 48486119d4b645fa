"""Background jobs of the tasks domain (scheduled in schedules.py)."""
from celery import shared_task


@shared_task(ignore_result=False)
def mark_overdue_tasks() -> list[int]:
    """Open plan tasks past their deadline are flagged overdue (safe to run twice)."""
    from .services import tasks_mark_overdue

    return tasks_mark_overdue()
