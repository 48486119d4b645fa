"""Background jobs of the command domain (scheduled in schedules.py)."""
from celery import shared_task


@shared_task(ignore_result=False)
def escalate_instructions() -> list[int]:
    """Overdue unacknowledged deliveries are escalated once (safe to run twice)."""
    from .services import instructions_escalate

    return instructions_escalate()
