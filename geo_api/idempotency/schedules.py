"""Stored answers are needed only while a client may still resend (a phone offline for days)."""
from celery.schedules import crontab

PERIODIC_TASKS = {
    "forget_old_client_requests": {
        "task": "geo_api.idempotency.tasks.forget_old_client_requests",
        "schedule": crontab(hour=4, minute=10),
        "description": "Stored answers of client requests older than 30 days are deleted, daily 04:10.",
    },
}
