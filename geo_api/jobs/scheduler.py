"""django-celery-beat's DatabaseScheduler (schedules edited in the admin, declared in code by
geo_api/jobs/periodic.py) that also records each tick for the health check."""
from django_celery_beat.schedulers import DatabaseScheduler

from .beat import record_tick


class Scheduler(DatabaseScheduler):
    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        record_tick()
        return interval
