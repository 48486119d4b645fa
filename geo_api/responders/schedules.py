"""The responders domain's schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from celery.schedules import crontab

PERIODIC_TASKS = {
    "position_partitions": {
        "task": "geo_api.responders.tasks.make_position_partitions",
        # Daily, so a missed night still leaves two months of partitions ahead.
        "schedule": crontab(hour=1, minute=20),
        "description": "Monthly partitions of the position history for this month and the next two, daily 01:20.",
    },
}
