"""The platform's own housekeeping schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from celery.schedules import crontab

PERIODIC_TASKS = {
    "clear_expired_sessions": {
        "task": "geo_api.jobs.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),  # Asia/Shanghai, a quiet hour
        "description": "Deletes expired sign-in sessions (Django's clearsessions), daily at 03:30.",
    },
}
