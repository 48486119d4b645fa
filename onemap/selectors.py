"""Reads for the map wall and the command map. Distances are computed by PostGIS on the
geography type (metres on the ellipsoid), never in the browser."""
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from psycopg import sql

from layers.access import can_read, readable_layers, row_filter
from layers.registry import load_catalog

from .models import Responder, Shelter, Warning

NEARBY_LAYERS = ("resources", "shelters", "cameras", "enterprises", "hazards")
RINGS_M = (500, 1000, 3000)


def _readable(user, layer_id) -> bool:
    return can_read(user, load_catalog().get(layer_id))


def active_warnings():
    now = timezone.now()
    return Warning.objects.filter(status=Warning.Status.ACTUAL, onset__lte=now, expires__gt=now).exclude(
        msg_type=Warning.MsgType.CANCEL).order_by("level", "-sent")


def wall_stats(user) -> dict:
    """Live counters; a counter of a layer this user may not read is None."""
    warnings = list(active_warnings())
    stats = {
        "active_warnings": len(warnings) if _readable(user, "warnings") else None,
        "shelter_capacity": None, "open_events": None, "responders_on_duty": None,
        "warnings": [],
    }
    if _readable(user, "warnings"):
        colours = {1: "red", 2: "orange", 3: "yellow", 4: "blue"}
        stats["warnings"] = [
            {"id": w.id, "identifier": w.identifier, "headline": w.headline, "event_name": w.event_name,
             "level": w.level, "level_colour": colours[w.level], "onset": w.onset, "expires": w.expires,
             "area_desc": w.area_desc}
            for w in warnings
        ]
    if _readable(user, "shelters"):
        usable = Shelter.objects.filter(designation_status__in=[Shelter.Designation.DESIGNATED,
                                                                 Shelter.Designation.FILED])
        stats["shelter_capacity"] = usable.aggregate(total=Sum("capacity"))["total"] or 0
    if _readable(user, "events"):
        events = load_catalog().get("events")
        query = sql.SQL("SELECT count(*) FROM {} WHERE status <> 'closed' {}").format(
            sql.Identifier(events.view_name), _and_row_filter(user, events))
        stats["open_events"] = _rows(query, [])[0][0]
    if _readable(user, "personnel_positions"):
        stats["responders_on_duty"] = Responder.objects.filter(on_duty=True).count()
    return stats


def _and_row_filter(user, layer) -> sql.Composable:
    rows = row_filter(user, layer)
    return sql.SQL("") if rows is None else sql.SQL("AND ") + rows


def _rows(query, params):
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def search(user, text: str, limit: int = 10) -> list[dict]:
    """Features whose title contains the text, across every layer this user may read."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    results = []
    for layer in readable_layers(user):
        query = sql.SQL(
            "SELECT id, {title}, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM {view} "
            "WHERE {title} ILIKE %s {rows} ORDER BY length({title}), id LIMIT %s"
        ).format(title=sql.Identifier(layer.title_property), view=sql.Identifier(layer.view_name),
                 rows=_and_row_filter(user, layer))
        for fid, title, lon, lat in _rows(query, [pattern, limit]):
            results.append({"layer": layer.id, "layer_title": {"zh": layer.title_zh, "en": layer.title_en},
                            "id": fid, "title": title, "lon": lon, "lat": lat})
    results.sort(key=lambda r: (len(r["title"]), r["layer"], r["id"]))
    return results[:limit]


def nearby(user, lon: float, lat: float, radius_m: float, limit: int) -> dict:
    """The nearest features of each command layer this user may read, within radius_m."""
    out = {}
    for layer_id in NEARBY_LAYERS:
        layer = load_catalog().get(layer_id)
        if not can_read(user, layer):
            continue
        # The && prefilter uses the GiST index; ST_DWithin on geography makes it exact in metres.
        query = sql.SQL(
            "WITH centre AS (SELECT ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) AS g) "
            "SELECT v.id, v.{title}, ST_Distance(v.geom::geography, centre.g::geography) AS d, "
            "ST_X(ST_PointOnSurface(v.geom)), ST_Y(ST_PointOnSurface(v.geom)) "
            "FROM {view} v, centre WHERE v.geom && ST_Expand(centre.g, %(deg)s) "
            "AND ST_DWithin(v.geom::geography, centre.g::geography, %(radius)s) {rows} ORDER BY d, v.id LIMIT %(limit)s"
        ).format(title=sql.Identifier(layer.title_property), view=sql.Identifier(layer.view_name),
                 rows=_and_row_filter(user, layer))
        params = {"lon": lon, "lat": lat, "radius": radius_m, "limit": limit,
                  "deg": radius_m / 111_000.0 / 0.8}  # 0.8 < cos(latitude) anywhere in Shanghai
        out[layer_id] = [
            {"id": fid, "title": title, "distance_m": round(d, 1), "lon": x, "lat": y}
            for fid, title, d, x, y in _rows(query, params)
        ]
    return out


