"""Background tasks of the incidents domain (scheduled in schedules.py)."""
from celery import shared_task


@shared_task(ignore_result=False)
def mark_overdue_upward_reports() -> list[int]:
    """Upward reports past their deadline and not submitted are flagged (safe to run twice)."""
    from .services import upward_reports_mark_overdue

    return upward_reports_mark_overdue()
