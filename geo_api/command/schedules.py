"""The command domain's schedule (see geo_api/jobs/periodic.py for the mechanism)."""
from datetime import timedelta

PERIODIC_TASKS = {
    "escalate_instructions": {
        "task": "geo_api.command.tasks.escalate_instructions",
        # Acknowledgement windows are minutes long: a missed one must reach the commander within a minute.
        "schedule": timedelta(minutes=1),
        "description": "Instructions not acknowledged in time are escalated to the sender and the commanders.",
    },
}
