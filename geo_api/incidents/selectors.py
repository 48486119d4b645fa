"""Reads of the incidents domain. Other apps (plans, tasks, command) call these; keep their
names and meanings stable.

Drill events (`is_drill`) never appear in real lists: the `events` layer's view excludes them
(layers/catalog.py), so every LayerQuery-based read (wall, OGC, desk list, search, counters, the
live channel) is real-only. The functions here that can return a drill say so."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.accounts.roles import Role, roles_of
from geo_api.common.errors import NotFound, Refused
from geo_api.reference import event_types
from layers.access import row_filter
from layers.api_access import READ, refuse_unless
from layers.query import LayerQuery
from layers.registry import Layer, load_catalog

from .models import OPEN_STATUSES, Event, EventReport, UpwardReport

# Who may do what beyond reading the events layer (restated in tests/incidents/test_access.py).
DESK_ROLES = frozenset({Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR})          # intake, severity, upward reports
FOLLOW_UP_ROLES = DESK_ROLES | {Role.FIELD_RESPONDER}                                     # 续报 from the desk or the site


def events_layer() -> Layer:
    return load_catalog().get("events")


def duplicate_radius_m() -> float:
    return float(getattr(settings, "INCIDENT_DUPLICATE_RADIUS_M", 500))


def duplicate_window() -> timedelta:
    return getattr(settings, "INCIDENT_DUPLICATE_WINDOW", timedelta(hours=2))


def event_for(user, event_id: int, *, action: str = READ, roles: frozenset[str] | None = None) -> Event:
    """Event `event_id` if `user` may read it (the events layer, its row filter), else
    NotSignedIn / Refused / NotFound. With `roles`, the user must also hold one of them.
    A drill event is returned to staff who see every row (drills are worked like real events,
    in drill mode); it is never in a real list."""
    layer = refuse_unless(user, events_layer(), action)
    instance = Event.objects.filter(pk=event_id).first()
    visible = instance is not None and (
        (instance.is_drill and row_filter(user, layer) is None)
        or bool(LayerQuery.of(layer, user).visible_ids([event_id])))
    if not visible:
        raise NotFound(_("No event with id %(id)s.") % {"id": event_id})
    if roles is not None and not roles_of(user) & roles:
        raise Refused(_("Your account may not do this on events; it is for %(roles)s.") % {
            "roles": ", ".join(str(Role(r).label) for r in sorted(roles))})
    return instance


def event_get(event_id: int) -> Event | None:
    """The event row without any access check (for the platform's own jobs)."""
    return Event.objects.filter(pk=event_id).first()


def real_events() -> QuerySet[Event]:
    """Every real event (no drills); callers add their own access checks."""
    return Event.objects.filter(is_drill=False)


def open_events() -> QuerySet[Event]:
    """Real events still being worked (reported, verified, responding, recovering)."""
    return real_events().filter(status__in=OPEN_STATUSES)


def event_type_nodes(event: Event) -> list[str]:
    """[type, group, category] of the event for plan matching (geo_api.reference.event_types)."""
    return event_types.ancestors(event.event_type) or [event.category]


def possible_duplicates(*, user, event_type: str, point: Point, at: datetime | None = None,
                        is_drill: bool = False, radius_m: float | None = None,
                        window: timedelta | None = None) -> list[Event]:
    """Events of the same type within `radius_m` metres and `window` of `at` (defaults:
    settings INCIDENT_DUPLICATE_RADIUS_M = 500, INCIDENT_DUPLICATE_WINDOW = 2 h) that this user
    may read, nearest first, each with `distance_m`. Dismissed and archived events are not
    candidates; drills are matched with drills only."""
    at = at or timezone.now()
    radius = duplicate_radius_m() if radius_m is None else radius_m
    window = duplicate_window() if window is None else window
    candidates = (Event.objects.filter(event_type=event_type, is_drill=is_drill,
                                       reported_at__gte=at - window, reported_at__lte=at + window,
                                       geom__distance_lte=(point, D(m=radius)))
                  .exclude(status__in=[Event.Status.DISMISSED, Event.Status.ARCHIVED])
                  .annotate(distance=Distance("geom", point)).order_by("distance", "-reported_at")[:20])
    candidates = list(candidates)
    if not is_drill:
        visible = LayerQuery.of(events_layer(), user).visible_ids([e.pk for e in candidates])
        candidates = [e for e in candidates if e.pk in visible]
    elif row_filter(user, events_layer()) is not None:
        candidates = []
    for event in candidates:
        event.distance_m = round(event.distance.m, 1)
    return candidates


def event_reports(event: Event) -> QuerySet[EventReport]:
    """The calls and follow-ups about the event, oldest first, with their attachments."""
    return event.reports.prefetch_related("attachments").order_by("received_at", "id")


def upward_reports(event: Event) -> QuerySet[UpwardReport]:
    return event.upward_reports.order_by("created_at", "id")


def overdue_upward_reports(now: datetime | None = None, *, include_drills: bool = False) -> QuerySet[UpwardReport]:
    """Unsubmitted upward reports past their deadline (whether or not the job flagged them yet)."""
    now = now or timezone.now()
    rows = UpwardReport.objects.filter(submitted_at__isnull=True, due_at__lt=now).select_related("event")
    return rows if include_drills else rows.filter(event__is_drill=False)


def event_feature(event: Event) -> dict:
    """The event as a GeoJSON Feature (the intake contract's answer)."""
    local = timezone.localtime
    found = event_types.event_type(event.event_type)
    return {
        "type": "Feature", "id": event.pk,
        "geometry": {"type": "Point", "coordinates": [event.geom.x, event.geom.y]},
        "properties": {
            "id": event.pk, "code": event.code, "title": event.title, "category": event.category,
            "type": event.event_type, "type_code": found.code if found else None, "gb_code": event.gb_code or None,
            "severity": event.severity, "response_level": event.response_level, "status": event.status,
            "status_label": str(Event.Status(event.status).label), "is_drill": event.is_drill,
            "reported_at": local(event.reported_at).isoformat(), "occurred_at": local(event.occurred_at).isoformat(),
            "source": event.source or None, "reporter": event.reporter, "phone": event.reporter_phone,
            "casualties": event.casualties, "address": event.address, "description": event.description,
            "district": event.district.name if event.district_id else None,
        },
    }
