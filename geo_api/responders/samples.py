"""One position sample as a phone or tracker sends it, parsed and judged on its own.

A sample is *rejected* (not stored) when it cannot be a real position: fields missing or not
numbers, coordinates off the globe or outside the area this platform serves, a time in the future
beyond the allowed clock skew. It is *flagged* (stored with the reason, never the latest position)
when it may be real but should not be trusted: poor accuracy, or a jump from the previous trusted
position faster than anything on the ground moves (positions.py judges that, it needs history)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput
from geo_api.idempotency.services import check_key

# Shanghai with a margin (west 120.85, east 122.2, south 30.67, north 31.88): a fix outside it
# is a device error or a test rig, not a responder of the Changning bureau.
DEFAULT_AREA = (120.8, 30.6, 122.3, 31.95)
CLOCK_SKEW = timedelta(seconds=30)
FIELDS = {"client_id", "lon", "lat", "recorded_at", "accuracy_m", "speed_mps", "heading", "responder"}


def area() -> tuple[float, float, float, float]:
    return tuple(getattr(settings, "ONEMAP_POSITION_AREA", DEFAULT_AREA))


def max_accuracy_m() -> float:
    return float(getattr(settings, "ONEMAP_POSITION_MAX_ACCURACY_M", 200))


def max_speed_mps() -> float:
    return float(getattr(settings, "ONEMAP_POSITION_MAX_SPEED_MPS", 70))  # 250 km/h: no car, no boat


@dataclass
class Sample:
    index: int
    client_id: str | None
    responder_id: int | None
    lon: float
    lat: float
    recorded_at: datetime
    accuracy_m: float | None
    speed_mps: float | None
    heading: float | None
    flag: str = ""
    event_id: int | None = None


class Rejected(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def client_id_of(raw) -> str | None:
    """The sample's client id; None when absent or unusable (then the sample is rejected by parse
    and its answer cannot be replayed: it is keyed by that id)."""
    try:
        return check_key(raw.get("client_id"), "client_id") if isinstance(raw, dict) else None
    except InvalidInput:
        return None


def parse(index: int, raw, now: datetime) -> Sample:
    if not isinstance(raw, dict):
        raise Rejected("invalid", _("A sample is a JSON object with lon, lat and recorded_at."))
    if raw.get("client_id") not in (None, "") and client_id_of(raw) is None:
        raise Rejected("invalid", _("client_id must be text of at most 64 characters (e.g. a UUID)."))
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise Rejected("invalid", _("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    lon, lat = _number(raw, "lon", required=True), _number(raw, "lat", required=True)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise Rejected("out_of_range", _("lon must be within -180..180 and lat within -90..90 (WGS84 degrees)."))
    west, south, east, north = area()
    if not (west <= lon <= east and south <= lat <= north):
        raise Rejected("outside_area", _("The position %(lon).5f, %(lat).5f is outside the area this platform "
                                         "serves; send WGS84 (GPS) coordinates.") % {"lon": lon, "lat": lat})
    recorded_at = _time(raw.get("recorded_at"))
    if recorded_at > now + CLOCK_SKEW:
        raise Rejected("future", _("recorded_at is %(s)d s ahead of the server's clock; check the device's time.")
                       % {"s": (recorded_at - now).total_seconds()})
    accuracy = _number(raw, "accuracy_m")
    if accuracy is not None and accuracy < 0:
        raise Rejected("invalid", _("accuracy_m cannot be negative."))
    speed = _number(raw, "speed_mps")
    responder = raw.get("responder")
    if responder is not None and (isinstance(responder, bool) or not isinstance(responder, int)):
        raise Rejected("invalid", _("responder must be a responder id (a number)."))
    sample = Sample(index=index, client_id=client_id_of(raw), responder_id=responder, lon=lon, lat=lat,
                    recorded_at=recorded_at, accuracy_m=accuracy, speed_mps=speed, heading=_number(raw, "heading"))
    if accuracy is not None and accuracy > max_accuracy_m():
        sample.flag = "poor_accuracy"
    return sample


def _number(raw: dict, name: str, required: bool = False) -> float | None:
    value = raw.get(name)
    if value is None:
        if required:
            raise Rejected("invalid", _("%(name)s is required.") % {"name": name})
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Rejected("invalid", _("%(name)s must be a number.") % {"name": name})
    return float(value)


def _time(value) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise Rejected("invalid", _("recorded_at must be an ISO 8601 time with its offset, "
                                    "e.g. 2026-11-29T14:05:00+08:00."))
    return parsed


def metres_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance; at 1 Hz over a few hundred metres this is as good as PostGIS geography."""
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def too_fast(sample: Sample, lon: float, lat: float, at: datetime) -> bool:
    """Whether going from (lon, lat) at `at` to the sample needs an impossible speed."""
    distance = metres_between(lon, lat, sample.lon, sample.lat)
    seconds = abs((sample.recorded_at - at).total_seconds())
    if seconds < 1:
        return distance > max_speed_mps()  # same second: allow one second's worth of movement
    return distance / seconds > max_speed_mps()


__all__ = ["InvalidInput", "Rejected", "Sample", "parse", "too_fast"]
