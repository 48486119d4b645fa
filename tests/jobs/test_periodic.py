"""Schedules declared in code (PERIODIC_TASKS in <app>/schedules.py) are what beat reads after
`migrate`; an operator's on/off switch survives; rows made by hand are left alone."""
import json
from datetime import timedelta

import pytest
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from geo_api.jobs.periodic import MARK, declared, sync_periodic_tasks

pytestmark = pytest.mark.django_db


def test_migrate_wrote_the_housekeeping_schedule():
    row = PeriodicTask.objects.get(name="jobs.clear_expired_sessions")
    assert row.task == "geo_api.jobs.tasks.clear_expired_sessions"
    assert (row.crontab.minute, row.crontab.hour, row.crontab.day_of_week) == ("30", "3", "*")
    assert str(row.crontab.timezone) == "Asia/Shanghai"
    assert row.enabled and row.description.startswith(MARK)
    # Every declared schedule is there, and nothing else of ours.
    ours = set(PeriodicTask.objects.filter(description__startswith=MARK).values_list("name", flat=True))
    assert ours == set(declared())


def test_sync_restores_code_keeps_the_switch_and_drops_what_left_the_code():
    row = PeriodicTask.objects.get(name="jobs.clear_expired_sessions")
    row.enabled = False
    row.crontab = None
    row.interval = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.SECONDS)
    row.kwargs = json.dumps({"tampered": True})
    row.save()
    gone = PeriodicTask.objects.create(name="jobs.retired", task="geo_api.jobs.tasks.ping", description=MARK + "old",
                                       interval=row.interval)
    by_hand = PeriodicTask.objects.create(name="operator ping", task="geo_api.jobs.tasks.ping", interval=row.interval)

    sync_periodic_tasks()

    row.refresh_from_db()
    assert row.enabled is False, "the operator's switch is kept"
    assert row.interval is None and row.crontab == CrontabSchedule.objects.get(minute="30", hour="3")
    assert json.loads(row.kwargs) == {}
    assert not PeriodicTask.objects.filter(pk=gone.pk).exists()
    assert PeriodicTask.objects.filter(pk=by_hand.pk).exists()


def test_an_interval_schedule_runs_when_beat_first_starts_and_a_crontab_keeps_its_hour():
    """What beat decides for the rows `migrate` wrote, before any of them ever ran."""
    from django_celery_beat.schedulers import ModelEntry

    from geo_api.celery import app

    pulls = PeriodicTask.objects.get(name="feeds.pull_warehouse_sites")  # every six hours
    assert pulls.interval is not None and pulls.last_run_at is None
    due, _next = ModelEntry(pulls, app=app).is_due()
    assert due, "a new install's pull would otherwise wait six hours"

    nightly = PeriodicTask.objects.get(name="jobs.clear_expired_sessions")  # 03:30
    assert nightly.start_time is None
    # Not pushed thirty years back as the interval rows are: counted from when the row was written.
    assert ModelEntry(nightly, app=app).last_run_at >= pulls.start_time - timedelta(hours=1)
