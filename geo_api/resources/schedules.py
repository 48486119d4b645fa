"""The resources domain's schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from celery.schedules import crontab

PERIODIC_TASKS = {
    "check_stock_alerts": {
        "task": "geo_api.resources.tasks.check_stock_alerts",
        # Hourly: a withdrawal below the minimum shows on the desk within the hour; expiry is by date.
        "schedule": crontab(minute=5),
        "description": "Stock below its minimum level, expiring within 30 days or expired raises an alert, hourly.",
    },
}
