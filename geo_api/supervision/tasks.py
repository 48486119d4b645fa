"""Background tasks of the supervision domain (scheduled in schedules.py)."""
from celery import shared_task


@shared_task(ignore_result=False)
def mark_overdue_hazards() -> list[int]:
    """Hidden hazards past their rectification deadline become overdue (safe to run twice:
    a hazard already overdue is not graded or rectifying any more)."""
    from .services import hazards_mark_overdue

    return hazards_mark_overdue()
