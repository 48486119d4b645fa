"""Reads for the phone app, composed from the domains' own selectors and access rules: my duty
today, my open tasks, the instructions addressed to me, the events I may work on, and what is near
me. Nothing here decides access on its own: tasks come from tasks.selectors (mine only), events and
map rows through LayerQuery with the user's row filter."""
from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from psycopg import sql

from geo_api.duty import selectors as duty
from geo_api.duty.access import may_see_on_duty
from geo_api.duty.models import ShiftMember, person_of
from geo_api.incidents.models import OPEN_STATUSES, Event
from geo_api.tasks.access import sees_no_tasks
from geo_api.tasks.selectors import task_json, tasks_list
from geo_api.web.desk.shell import shanghai
from layers.access import can_read
from layers.query import LayerQuery
from layers.registry import load_catalog

OPEN_TASKS = ("assigned", "accepted", "in_progress")
EVENT_LIMIT = 20

# Near me: the layers a responder looks up on site, each with the one detail worth a line on a
# phone (a warehouse's stock held, a shelter's capacity, a resource's quantity, a camera's kind).
NEAR_ME = {
    "shelters": "capacity::text",
    "warehouses": "stock_summary",
    "resources": "concat_ws(' ', kind, quantity::text || coalesce(unit, ''))",
    "cameras": "kind",
}


def my_duty(user, now: datetime | None = None) -> dict:
    """My shifts of today (Shanghai duty day) and who leads the shifts on duty now, so a responder
    knows whom to call; the latter only for staff who may see the duty roster."""
    now = now or timezone.now()
    person = person_of(user)
    mine = []
    if person is not None:
        today = timezone.localtime(now).date()
        rows = (ShiftMember.objects.filter(person=person, shift__date=today)
                .select_related("shift__roster__template").order_by("shift__starts_at"))
        mine = [{"id": m.shift_id, "name": m.shift.name, "template": m.shift.roster.template.name,
                 "role": m.role, "starts": shanghai(m.shift.starts_at), "ends": shanghai(m.shift.ends_at),
                 "now": m.shift.starts_at <= now < m.shift.ends_at} for m in rows]
    on_duty = [duty.shift_json(s) for s in duty.on_duty_at(now)] if may_see_on_duty(user) else []
    return {"person": person.name if person else None, "shifts": mine, "on_duty_now": on_duty}


def my_open_tasks(user) -> list[dict]:
    if sees_no_tasks(user):
        return []
    return [task_json(t, user) for t in tasks_list(user, mine=True).filter(status__in=OPEN_TASKS)
            .order_by("deadline", "id")[:100]]


def my_instructions(user, limit: int = 50) -> list[dict]:
    """Instructions addressed to me on any event, newest first (the command app's selector)."""
    from geo_api.command.instructions import instruction_json, my_instructions as addressed_to

    return [instruction_json(i, user) for i in addressed_to(user)[:limit]]


def my_events(user, task_event_ids=()) -> list[dict]:
    """Open real events this user may read: those of my tasks first, then the newest. The phone
    reports and checks in against one of them."""
    layer = load_catalog().get("events")
    if not can_read(user, layer):
        return []
    candidates = list(Event.objects.filter(is_drill=False, status__in=OPEN_STATUSES)
                      .order_by("-reported_at").values_list("id", flat=True)[:200])
    candidates = list(dict.fromkeys([*task_event_ids, *candidates]))
    visible = LayerQuery.of(layer, user).visible_ids(candidates)
    ids = [i for i in candidates if i in visible][:EVENT_LIMIT]
    events = Event.objects.in_bulk(ids)
    return [{"id": e.pk, "code": e.code, "title": e.title, "status": e.status,
             "status_label": str(Event.Status(e.status).label), "severity": e.severity,
             "lon": e.geom.x, "lat": e.geom.y, "reported": shanghai(e.reported_at),
             "mine": e.pk in task_event_ids}
            for e in (events[i] for i in ids if i in events)]


def responder_json(user) -> dict | None:
    from geo_api.responders.selectors import responder_for

    responder = responder_for(user)
    if responder is None:
        return None
    return {"id": responder.pk, "name": responder.name, "organization": responder.organization,
            "on_duty": responder.on_duty}


def today(user, now: datetime | None = None) -> dict:
    tasks = my_open_tasks(user)
    task_events = tuple(dict.fromkeys(t["event"]["id"] for t in tasks))
    return {
        "now": shanghai(now or timezone.now()),
        "user": {"id": user.pk, "username": user.get_username(), "name": user.get_full_name() or user.get_username()},
        "responder": responder_json(user),
        "duty": my_duty(user, now),
        "tasks": tasks,
        "instructions": my_instructions(user),
        "events": my_events(user, task_events),
    }


def near_me(user, lon: float, lat: float, radius_m: float, limit: int) -> dict:
    """The nearest rows of each look-up layer this user may read, distances by PostGIS (metres on
    the ellipsoid), with the layer's one-line detail."""
    catalog = load_catalog()
    out = {}
    for layer_id, detail in NEAR_ME.items():
        layer = catalog.get(layer_id)
        if layer is None or not can_read(user, layer):
            continue
        columns = sql.SQL(
            "id, {title}, ({detail}) AS detail, "
            "ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) AS d, "
            "ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))"
        ).format(title=sql.Identifier(layer.title_property), detail=sql.SQL(detail))
        rows = LayerQuery.of(layer, user).within_m(lon, lat, radius_m).fetch(
            columns, before=(lon, lat), order="d, id", limit=limit)
        out[layer_id] = [{"id": fid, "title": title, "detail": detail or "", "distance_m": round(d, 1),
                          "lon": x, "lat": y} for fid, title, detail, d, x, y in rows]
    return out
