"""Background jobs of the responders domain (scheduled in schedules.py)."""
from celery import shared_task


@shared_task(ignore_result=False)
def make_position_partitions() -> int:
    """Safe to run twice: existing partitions are left as they are."""
    from .partitions import ensure_partitions

    return ensure_partitions()
