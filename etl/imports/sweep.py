"""Loads whose job never reached the worker. A commit sends its job after the transaction
(services.enqueue); when Redis is down then, the answer is still the commit's own and the job stays
`queued` (geo_api/jobs/enqueue.py). Every two minutes beat sends again each job that has been queued
longer than WAITING, so a load goes ahead once the broker is back, without the analyst re-uploading.

A job whose first task was only waiting behind other loads may now be sent twice: the second task
finds it loading or ended and leaves it alone (services.import_run)."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from geo_api.timeline.models import TimelineEntry

from .models import ImportJob

WAITING = timedelta(minutes=2)


def imports_resend_queued(*, now=None) -> list[int]:
    """Send again the jobs queued (committed) longer than WAITING ago; returns their ids."""
    from .services import enqueue

    now = now or timezone.now()
    queued = list(ImportJob.objects.filter(state=ImportJob.State.QUEUED).values_list("pk", flat=True))
    if not queued:
        return []
    committed = dict(TimelineEntry.objects.filter(
        subject_type=ImportJob._meta.label_lower, subject_id__in=queued, transition="commit")
        .order_by("subject_id", "at").values_list("subject_id", "at"))  # the latest commit wins
    due = [pk for pk in queued if committed.get(pk) is None or committed[pk] <= now - WAITING]
    for pk in due:
        enqueue(pk)
    return due
