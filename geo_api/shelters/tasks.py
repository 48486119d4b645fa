"""Background tasks of the shelters domain (scheduled in schedules.py); both are safe to run twice."""
from celery import shared_task


@shared_task(ignore_result=False)
def make_due_inspections() -> list[int]:
    from .services import plans_make_due

    return plans_make_due()


@shared_task(ignore_result=False)
def mark_overdue_rectifications() -> list[int]:
    from .services import rectifications_mark_overdue

    return rectifications_mark_overdue()
