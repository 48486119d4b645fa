"""A load whose job never reached the worker (Redis down at the commit) is sent again by the sweep
(etl/imports/sweep.py) and runs once; a second task of a load that is still reading its file
leaves it alone."""
from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from etl.imports.models import ImportJob
from etl.imports.services import import_run
from etl.imports.sweep import imports_resend_queued
from geo_api.resources.models import Warehouse

from .files import committed_warehouses

pytestmark = pytest.mark.django_db


def test_a_load_the_broker_never_got_is_sent_again_and_runs_once(analyst, upload, tmp_path, monkeypatch):
    job_id = committed_warehouses(analyst, upload, tmp_path, "WH-S")
    before = Warehouse.objects.count()
    sent = []
    monkeypatch.setattr("etl.imports.services.enqueue", sent.append)
    now = timezone.now()
    assert imports_resend_queued(now=now) == [] and sent == [], "just committed: its task may be on its way"
    assert imports_resend_queued(now=now + timedelta(minutes=3)) == [job_id] and sent == [job_id]
    import_run(job_id)  # the task the sweep sent
    import_run(job_id)  # the first one, arriving late: the job is no longer queued
    job = ImportJob.objects.get(pk=job_id)
    assert job.state == "done" and Warehouse.objects.count() == before + 4
    assert imports_resend_queued(now=now + timedelta(minutes=10)) == []
    schedule = PeriodicTask.objects.get(name="imports.resend_queued_imports")
    assert schedule.task == "etl.imports.tasks.resend_queued_imports" and schedule.interval.every == 120


def test_a_second_task_leaves_a_load_that_is_still_reading_its_file_alone(analyst, upload, tmp_path):
    job_id = committed_warehouses(analyst, upload, tmp_path, "WH-S")
    # The first task took it and is reading the file: no database backend of its load yet.
    ImportJob.objects.filter(pk=job_id).update(state="loading", started_at=timezone.now(), backend_pid=None)
    import_run(job_id)
    assert ImportJob.objects.get(pk=job_id).state == "loading"
    # Reading for longer than any file takes: that task died; the job says so.
    ImportJob.objects.filter(pk=job_id).update(started_at=timezone.now() - timedelta(minutes=11))
    import_run(job_id)
    job = ImportJob.objects.get(pk=job_id)
    assert job.state == "failed" and ("interrupted" in job.error or "中断" in job.error), job.error
