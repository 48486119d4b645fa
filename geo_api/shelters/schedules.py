"""The shelters domain's schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from celery.schedules import crontab

PERIODIC_TASKS = {
    "make_due_inspections": {
        "task": "geo_api.shelters.tasks.make_due_inspections",
        # Plans count in dates (Asia/Shanghai): just after midnight the day's inspections fall due.
        "schedule": crontab(hour=0, minute=20),
        "description": "Inspection plans whose due date has come make their inspections, daily at 00:20.",
    },
    "mark_overdue_rectifications": {
        "task": "geo_api.shelters.tasks.mark_overdue_rectifications",
        "schedule": crontab(hour=0, minute=25),
        "description": "Shelter rectification tasks past their deadline are marked overdue, daily at 00:25.",
    },
}
