"""Cameras that see an event (视频联动): within a radius of the event, a camera *covers* it when
the bearing camera → event lies within heading ± field_of_view / 2 and the event is within the
camera's range. Order: covering cameras nearest first, then cameras with no recorded heading by
distance, then the ones facing away (or too far to see it) by distance.

Bearing and distance are computed by PostGIS on the geography type (ST_Azimuth, ST_Distance:
metres and radians on the ellipsoid). Which cameras a user gets is the cameras layer's own
decision (LayerQuery: access level and row filter); the video link is read from the camera row
for those ids only."""
from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from geo_api.reference.models import Camera
from layers.access import can_read
from layers.query import LayerQuery
from layers.registry import load_catalog

DEFAULT_RADIUS_M = 1000
DEFAULT_RANGE_M = 300
# A dome or PTZ camera turns: its field of view is where it points now, its reach is longer.
RANGE_BY_KIND = {}


def camera_range_m(kind: str) -> float:
    per_kind = getattr(settings, "ONEMAP_CAMERA_RANGE_BY_KIND_M", RANGE_BY_KIND)
    return float(per_kind.get(kind, getattr(settings, "ONEMAP_CAMERA_RANGE_M", DEFAULT_RANGE_M)))


def angle_between(a: float, b: float) -> float:
    """The smaller angle between two bearings in degrees (0–180)."""
    d = abs(a - b) % 360
    return 360 - d if d > 180 else d


def stream_kind(url: str) -> str:
    if not url:
        return "none"
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return "hls" if path.endswith(".m3u8") else "link"


def judge(*, heading, field_of_view, bearing: float, distance_m: float, range_m: float) -> tuple[bool, str, int]:
    """(covers, reason in the user's language, rank: 0 covers, 1 unknown heading, 2 not covering)."""
    metres = round(distance_m)
    if heading is None or field_of_view is None:
        return False, _("No heading recorded; listed by distance (%(m)s m)") % {"m": metres}, 1
    facing = angle_between(float(heading), bearing) <= float(field_of_view) / 2
    if facing and distance_m <= range_m:
        return True, _("Facing the event, %(m)s m away") % {"m": metres}, 0
    if facing:
        return False, _("Facing the event but beyond its range (%(m)s m > %(r)s m)") % {
            "m": metres, "r": round(range_m)}, 2
    return False, _("Facing away from the event (%(m)s m)") % {"m": metres}, 2


def cameras_for(user, lon: float, lat: float, radius_m: float = DEFAULT_RADIUS_M) -> list[dict] | None:
    """The cameras around (lon, lat) this user may read, covering first; None if the user may not
    read the cameras layer at all."""
    layer = load_catalog().get("cameras")
    if not can_read(user, layer):
        return None
    columns = (
        "id, name, code, kind, heading, field_of_view, ST_X(geom), ST_Y(geom), "
        "ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography), "
        "degrees(ST_Azimuth(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography))")
    rows = LayerQuery.of(layer, user).within_m(lon, lat, radius_m).fetch(
        columns, before=(lon, lat, lon, lat), order="9, id", limit=500)
    links = dict(Camera.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "stream_url"))
    out = []
    for cid, name, code, kind, heading, fov, x, y, distance, bearing in rows:
        # ST_Azimuth is NULL when the camera stands on the event's point: it sees it, whatever its heading.
        if bearing is None:
            covers, reason, rank = True, _("At the event"), 0
        else:
            covers, reason, rank = judge(heading=heading, field_of_view=fov, bearing=bearing, distance_m=distance,
                                         range_m=camera_range_m(kind))
        url = links.get(cid) or ""
        out.append({"id": cid, "name": name, "code": code, "kind": kind, "lon": x, "lat": y, "heading": heading,
                    "field_of_view": fov, "distance_m": round(distance, 1),
                    "bearing": round(bearing, 1) if bearing is not None else None, "covers": covers,
                    "reason": reason, "stream_url": url or None, "stream_kind": stream_kind(url), "_rank": rank})
    out.sort(key=lambda c: (c["_rank"], c["distance_m"], c["id"]))
    for camera in out:
        del camera["_rank"]
    return out
