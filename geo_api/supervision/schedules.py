"""The supervision domain's schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from celery.schedules import crontab

PERIODIC_TASKS = {
    "mark_overdue_hazards": {
        "task": "geo_api.supervision.tasks.mark_overdue_hazards",
        # Deadlines are dates: just after midnight (Asia/Shanghai) yesterday's deadlines have passed.
        "schedule": crontab(hour=0, minute=10),
        "description": "Hidden hazards past their rectification deadline become overdue, daily at 00:10.",
    },
}
