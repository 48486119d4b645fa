"""Responders' positions for cases and replays. The positions helper (geo_api/responders/
selectors.py: positions_at, tracks) is the contract; these wrappers call it and add who is
involved in an event. Involved = checked in on the event, given one of its tasks, wrote one of
its reports, or sent positions while working on it (PositionReport.event)."""
from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.db import connection

from geo_api.responders.models import PositionReport, Responder


def _responders_selectors():
    from geo_api.responders import selectors

    return selectors


def involved_responder_ids(event) -> list[int]:
    ids: set[int] = set()
    try:
        check_in = apps.get_model("responders", "CheckIn")
    except LookupError:
        check_in = None
    if check_in is not None:
        ids.update(check_in.objects.filter(event_id=event.pk).values_list("responder_id", flat=True))
    users = set(event.plan_tasks.filter(assignee__isnull=False).values_list("assignee_id", flat=True))
    users.update(event.reports.filter(created_by__isnull=False).values_list("created_by_id", flat=True))
    ids.update(Responder.objects.filter(user_id__in=users).values_list("id", flat=True))
    if any(f.name == "event" for f in PositionReport._meta.get_fields()):
        with connection.cursor() as cursor:
            # DISTINCT over one event's samples; the loose index scan is not needed at event scale.
            cursor.execute("SELECT DISTINCT responder_id FROM onemap_positionreport WHERE event_id = %s", [event.pk])
            ids.update(r[0] for r in cursor.fetchall())
    return sorted(ids)


def positions_at(responder_ids: list[int], at: datetime) -> list[dict]:
    """Each responder's last sample at or before `at` (geo_api/responders/selectors.positions_at)."""
    if not responder_ids:
        return []
    return _responders_selectors().positions_at(responder_ids=responder_ids, at=at)


def tracks(responder_ids: list[int], start: datetime, end: datetime) -> dict[int, list[dict]]:
    if not responder_ids:
        return {}
    return _responders_selectors().tracks(responder_ids=responder_ids, start=start, end=end)
