"""Reads of responders and their positions. positions_at/tracks read the history (trusted samples
only: a flagged sample is kept for the record but is never where a responder "was")."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import connection

from .models import Responder


def responder_for(user) -> Responder | None:
    """The responder row linked to this account, if any."""
    if not (user and user.is_authenticated):
        return None
    return Responder.objects.filter(user_id=user.pk).first()


def positions_at(*, responder_ids: Iterable[int], at: datetime) -> list[dict]:
    """Each responder's last trusted sample at or before `at` (responders without one are left out)."""
    ids = list(responder_ids)
    if not ids:
        return []
    # One index probe per responder (position_report_latest: responder, -recorded_at), in every
    # partition up to `at`, instead of sorting the whole history.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.name, ST_X(p.geom), ST_Y(p.geom), p.recorded_at, p.accuracy_m, p.event_id "
            "FROM onemap_responder r CROSS JOIN LATERAL ("
            "  SELECT geom, recorded_at, accuracy_m, event_id FROM onemap_positionreport "
            "  WHERE responder_id = r.id AND recorded_at <= %s AND flag = '' "
            "  ORDER BY recorded_at DESC LIMIT 1) p "
            "WHERE r.id = ANY(%s) ORDER BY r.id", [at, ids])
        rows = cursor.fetchall()
    return [{"responder": rid, "name": name, "lon": lon, "lat": lat, "recorded_at": recorded_at,
             "accuracy_m": accuracy, "event": event_id}
            for rid, name, lon, lat, recorded_at, accuracy, event_id in rows]


def tracks(*, responder_ids: Iterable[int], start: datetime, end: datetime) -> dict[int, list[dict]]:
    """Trusted samples of each responder between start and end (inclusive), oldest first; every
    asked responder has a key, possibly with an empty list."""
    ids = list(responder_ids)
    out: dict[int, list[dict]] = {rid: [] for rid in ids}
    if not ids:
        return out
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT responder_id, ST_X(geom), ST_Y(geom), recorded_at, accuracy_m, speed_mps, heading "
            "FROM onemap_positionreport WHERE responder_id = ANY(%s) AND recorded_at BETWEEN %s AND %s "
            "AND flag = '' ORDER BY responder_id, recorded_at", [ids, start, end])
        for rid, lon, lat, recorded_at, accuracy, speed, heading in cursor.fetchall():
            out[rid].append({"lon": lon, "lat": lat, "recorded_at": recorded_at, "accuracy_m": accuracy,
                             "speed_mps": speed, "heading": heading})
    return out


def check_in_json(check_in) -> dict:
    from django.utils import timezone

    return {"id": check_in.pk, "event": check_in.event_id, "responder": check_in.responder_id,
            "responder_name": check_in.responder.name, "distance_m": check_in.distance_m,
            "checked_in_at": timezone.localtime(check_in.at).isoformat(),
            "lon": check_in.geom.x, "lat": check_in.geom.y, "accuracy_m": check_in.accuracy_m}


def check_ins_of(event_id: int):
    from .models import CheckIn

    return CheckIn.objects.filter(event_id=event_id).select_related("responder").order_by("-at")
