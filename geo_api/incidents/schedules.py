"""The incidents domain's schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from datetime import timedelta

PERIODIC_TASKS = {
    "mark_overdue_upward_reports": {
        "task": "geo_api.incidents.tasks.mark_overdue_upward_reports",
        # First reports are due within 30–60 minutes: a check every minute flags them on time.
        "schedule": timedelta(minutes=1),
        "description": "Upward reports (首报/续报/终报) past their deadline and not submitted are flagged overdue.",
    },
}
