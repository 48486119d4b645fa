"""Background tasks of the resources domain (scheduled in schedules.py)."""
from celery import shared_task


@shared_task(ignore_result=False)
def check_stock_alerts() -> dict:
    """Raise alerts for stock below its minimum level, expiring within the warning window or
    expired; resolve the ones that no longer hold."""
    from .services import stock_alerts_refresh

    return stock_alerts_refresh()
