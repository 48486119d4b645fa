"""The Celery application: background jobs and schedules (`make run` starts a worker and beat).

Broker: the Redis we already run, on its own database number (settings.CELERY_BROKER_URL), so
its keys never mix with the Channels layer's. Schedules live in the database (django-celery-beat);
apps declare theirs in code (geo_api/jobs/periodic.py)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_api.settings.local")

app = Celery("geo_api")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
