"""The imports' schedule (see geo_api/jobs/periodic.py)."""
from datetime import timedelta

PERIODIC_TASKS = {
    "resend_queued_imports": {
        "task": "etl.imports.tasks.resend_queued_imports", "schedule": timedelta(minutes=2),
        "description": "Send again the loads that have waited in `queued` over two minutes (the broker was down "
                       "when they were committed).",
    },
}
