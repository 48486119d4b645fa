"""The tasks domain's schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from datetime import timedelta

PERIODIC_TASKS = {
    "mark_overdue_tasks": {
        "task": "geo_api.tasks.tasks.mark_overdue_tasks",
        # Deadlines are minutes after an activation: a late task must show within a minute.
        "schedule": timedelta(minutes=1),
        "description": "Plan tasks past their deadline and not done are flagged overdue, every minute.",
    },
}
