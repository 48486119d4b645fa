"""Periodic tasks declared in code, kept in django-celery-beat's tables (what beat reads).

An app declares its schedules in `<app>/schedules.py`:

    PERIODIC_TASKS = {
        "clear_expired_sessions": {
            "task": "geo_api.jobs.tasks.clear_expired_sessions",
            "schedule": crontab(hour=3, minute=30),      # or a timedelta
            "kwargs": {},                                 # optional
            "description": "…",                           # optional
        },
    }

After every `migrate` each entry is written as the PeriodicTask "<app label>.<key>": task,
schedule and arguments follow the code; an operator's `enabled` switch in the admin is kept.
Entries that left the code are deleted. Rows created by hand in the admin are never touched.

An interval schedule first runs when beat first starts, not one interval later: a new install's
feeds are pulled and its stock checked at once, where django-celery-beat would otherwise wait up to
six hours (the warehouse sites) and show every pull feed as never heard from. A start_time in the
past is how django-celery-beat says so; crontab schedules keep their hour. Afterwards beat's own
last_run_at rules (an overdue task runs when beat comes back)."""
import json
from datetime import timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

from celery.schedules import crontab
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

MARK = "[code] "  # prefix of the description of every row this module owns


def declared() -> dict[str, dict]:
    """Every app's PERIODIC_TASKS, keyed by the PeriodicTask name."""
    found = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.schedules")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.schedules":
                continue
            raise
        for key, entry in getattr(module, "PERIODIC_TASKS", {}).items():
            found[f"{config.label}.{key}"] = {**entry, "module": module.__name__}
    return found


def _schedule_fields(schedule) -> dict:
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule

    if isinstance(schedule, crontab):
        row, _ = CrontabSchedule.objects.get_or_create(
            minute=str(schedule._orig_minute), hour=str(schedule._orig_hour),
            day_of_week=str(schedule._orig_day_of_week), day_of_month=str(schedule._orig_day_of_month),
            month_of_year=str(schedule._orig_month_of_year), timezone=ZoneInfo(settings.TIME_ZONE))
        return {"crontab": row, "interval": None}
    if isinstance(schedule, timedelta):
        row, _ = IntervalSchedule.objects.get_or_create(every=int(schedule.total_seconds()),
                                                        period=IntervalSchedule.SECONDS)
        return {"interval": row, "crontab": None}
    raise TypeError(f"A periodic task's schedule is a crontab or a timedelta, not {schedule!r}")


@transaction.atomic
def sync_periodic_tasks() -> list[str]:
    """Writes the declared schedules; returns the names of the rows written."""
    from django_celery_beat.models import PeriodicTask, PeriodicTasks

    entries = declared()
    for name, entry in entries.items():
        description = MARK + entry.get("description", f"Declared in {entry['module']}.PERIODIC_TASKS")
        values = {"task": entry["task"], "kwargs": json.dumps(entry.get("kwargs", {})),
                  "args": json.dumps(list(entry.get("args", []))), "description": description,
                  "solar": None, "clocked": None, **_schedule_fields(entry["schedule"])}
        row = PeriodicTask.objects.filter(name=name).first()
        if row is None:
            first = timezone.now() if isinstance(entry["schedule"], timedelta) else None
            PeriodicTask.objects.create(name=name, start_time=first, **values)
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            row.save()
    PeriodicTask.objects.filter(description__startswith=MARK).exclude(name__in=entries).delete()
    PeriodicTasks.update_changed()  # beat re-reads its schedule
    return sorted(entries)


def sync_after_migrate(sender, using="default", **kwargs):
    if using == "default":
        sync_periodic_tasks()
