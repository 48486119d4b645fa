"""Reading an intake (接报) from its GeoJSON Feature: every field checked, every problem named by
its field, locations in WGS84 or CGCS2000 turned into the stored WGS84 (EPSG:4326).

Used by the API (POST /api/events/, POST /api/events/<id>/reports/) and the desk's intake form,
so both accept and refuse exactly the same input."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from math import isfinite

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput
from geo_api.reference import event_types
from geo_api.reference.codes import EventCategory, Severity

from .models import Event

# Coordinates accepted on input. CGCS2000 is the official datum (geographic EPSG:4490, or the
# 3-degree Gauss-Krüger zone with central meridian 120°E, EPSG:4549, for surveyed positions);
# at Changning it differs from WGS84 by well under a metre, but it is transformed, not assumed.
CRS_CHOICES = {
    "EPSG:4326": "WGS84",
    "EPSG:4490": "CGCS2000",
    "EPSG:4549": "CGCS2000 / 3-degree Gauss-Kruger CM 120E",
}
_CRS_ALIASES = {"CRS84": "EPSG:4326", "OGC:CRS84": "EPSG:4326", "WGS84": "EPSG:4326", "4326": "EPSG:4326",
                "CGCS2000": "EPSG:4490", "4490": "EPSG:4490", "4549": "EPSG:4549",
                "HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84": "EPSG:4326",
                "HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/4326": "EPSG:4326",
                "HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/4490": "EPSG:4490",
                "HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/4549": "EPSG:4549",
                "URN:OGC:DEF:CRS:EPSG::4490": "EPSG:4490", "URN:OGC:DEF:CRS:OGC:1.3:CRS84": "EPSG:4326"}
# A report is about Shanghai; a point outside is a typo or swapped coordinates.
SHANGHAI_BOUNDS = (120.85, 30.66, 122.2, 31.88)
# Clocks of phones and desk PCs drift: a report "from the future" by less than this is accepted.
CLOCK_SKEW = timedelta(minutes=2)
PROPERTIES = {"category", "type", "severity", "title", "description", "reported_at", "occurred_at", "source",
              "is_drill", "reporter", "phone", "casualties", "address", "crs"}
ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass
class Intake:
    category: str
    event_type: str
    gb_code: str
    severity: int | None
    title: str
    description: str
    reported_at: datetime
    occurred_at: datetime
    source: str
    is_drill: bool
    reporter: str
    phone: str
    casualties: int
    address: str
    geom: Point


def crs_code(raw) -> str | None:
    """EPSG:4326 / EPSG:4490 / EPSG:4549 for any spelling we accept, else None."""
    if isinstance(raw, dict):  # the 2008 GeoJSON form {"type": "name", "properties": {"name": ...}}
        raw = (raw.get("properties") or {}).get("name")
    if not isinstance(raw, str):
        return None
    text = raw.strip().upper()
    return text if text in CRS_CHOICES else _CRS_ALIASES.get(text)


@lru_cache(maxsize=8)
def _transformer(code: str):
    from pyproj import Transformer

    return Transformer.from_crs(code, "EPSG:4326", always_xy=True)


def to_wgs84(x: float, y: float, crs: str) -> tuple[float, float]:
    if crs == "EPSG:4326":
        return x, y
    lon, lat = _transformer(crs).transform(x, y)
    return float(lon), float(lat)


def point_from(geometry, crs_raw=None) -> Point:
    """A WGS84 Point from a GeoJSON Point in `crs_raw` (default WGS84); InvalidInput naming
    `geometry` or `crs` otherwise."""
    crs = crs_code(crs_raw) if crs_raw not in (None, "") else "EPSG:4326"
    if crs is None:
        raise _invalid("crs", _("Unknown coordinate system; use one of %(list)s.") % {
            "list": ", ".join(f"{code} ({name})" for code, name in CRS_CHOICES.items())})
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise _invalid("geometry", _('The location must be a GeoJSON Point such as {"type": "Point", '
                                     '"coordinates": [121.42, 31.22]}.'))
    coords = geometry.get("coordinates")
    if (not isinstance(coords, (list, tuple)) or len(coords) not in (2, 3)
            or not all(isinstance(c, (int, float)) and not isinstance(c, bool) and isfinite(c) for c in coords)):
        raise _invalid("geometry", _("A point's coordinates are two numbers: [longitude, latitude] "
                                     "(or [easting, northing] in a projected system)."))
    lon, lat = to_wgs84(float(coords[0]), float(coords[1]), crs)
    west, south, east, north = SHANGHAI_BOUNDS
    if not (west <= lon <= east and south <= lat <= north):
        raise _invalid("geometry", _("The location (%(lon).5f, %(lat).5f) is outside Shanghai: check the "
                                     "coordinates, their order (longitude first) and the coordinate system.")
                       % {"lon": lon, "lat": lat})
    return Point(round(lon, 7), round(lat, 7), srid=4326)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", errors={field: [message]})


def parse_time(value, field: str, *, default: datetime | None = None) -> datetime:
    if value in (None, ""):
        if default is None:
            raise _invalid(field, _("This time is required."))
        return default
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise _invalid(field, _("Write the time as 2026-11-29T14:05 (Asia/Shanghai) or ISO 8601 with an offset."))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    if parsed > timezone.now() + CLOCK_SKEW:
        raise _invalid(field, _("%(time)s is in the future; a report describes what has happened.") % {
            "time": timezone.localtime(parsed).strftime("%Y-%m-%d %H:%M")})
    return parsed


def parse_severity(value, *, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise _invalid("severity", _("Choose a severity: 1 (Ⅰ) to 4 (Ⅳ)."))
        return None
    if isinstance(value, str):
        value = ROMAN.get(value.strip().upper(), value.strip())
        value = int(value) if isinstance(value, str) and value.isdigit() else value
    if isinstance(value, bool) or value not in Severity.values:
        raise _invalid("severity", _("Severity is 1 (Ⅰ, extraordinarily serious) to 4 (Ⅳ, general)."))
    return int(value)


def text_field(props, name, limit, *, required=False) -> str:
    value = props.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _invalid(name, _("This must be text."))
    value = value.strip()
    if required and not value:
        raise _invalid(name, _("This field is required."))
    if len(value) > limit:
        raise _invalid(name, _("At most %(n)s characters.") % {"n": limit})
    return value


def parse_casualties(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise _invalid("casualties", _("Casualties is a whole number, 0 or more."))
    return value


def parse_source(value) -> str:
    if value in (None, ""):
        return ""
    if value not in Event.Source.values:
        raise _invalid("source", _("Unknown source; use one of %(list)s.") % {"list": ", ".join(Event.Source.values)})
    return value


def parse_bool(value, field) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "on", "yes", "false", "0", "off", "no"):
        return value.lower() in ("true", "1", "on", "yes")
    raise _invalid(field, _("This is true or false."))


def feature_parts(body) -> tuple[dict, dict, object]:
    """(properties, geometry, crs) of a Feature body, or InvalidInput."""
    if not isinstance(body, dict) or body.get("type") != "Feature":
        raise InvalidInput(_('Send a GeoJSON Feature: {"type": "Feature", "geometry": {...}, "properties": {...}}.'),
                           errors={"type": [_("Must be “Feature”.")]})
    props = body.get("properties")
    if not isinstance(props, dict):
        raise _invalid("properties", _("properties must be an object."))
    unknown = sorted(set(props) - PROPERTIES)
    if unknown:
        raise InvalidInput(_("Unknown properties: %(names)s.") % {"names": ", ".join(unknown)},
                           errors={name: [_("Unknown field.")] for name in unknown})
    return props, body.get("geometry"), props.get("crs", body.get("crs"))


def resolve_type(props) -> tuple[str, event_types.EventType]:
    found = event_types.event_type(props.get("type") or "")
    if found is None:
        raise _invalid("type", _("Unknown event type “%(type)s”; choose one from GET /api/event-types/.") % {
            "type": str(props.get("type") or "")[:50]})
    category = props.get("category") or found.category
    if category not in EventCategory.values:
        raise _invalid("category", _("Unknown category; use one of %(list)s.") % {"list": ", ".join(EventCategory.values)})
    if category != found.category:
        raise _invalid("type", _("%(type)s is not a type of %(category)s.") % {
            "type": found.name_zh, "category": event_types.category_label(category)})
    return category, found


def parse_intake(body) -> Intake:
    """A new event's Feature, checked field by field (first problem wins, named in `errors`)."""
    props, geometry, crs = feature_parts(body)
    geom = point_from(geometry, crs)
    category, found = resolve_type(props)
    severity = parse_severity(props.get("severity"), required=True)
    reported_at = parse_time(props.get("reported_at"), "reported_at", default=timezone.now())
    occurred_at = parse_time(props.get("occurred_at"), "occurred_at", default=reported_at)
    if occurred_at > reported_at:
        raise _invalid("occurred_at", _("An event cannot occur after it was reported."))
    address = text_field(props, "address", 200)
    title = text_field(props, "title", 200) or f"{address or _('Changning')}{found.name_zh}"[:200]
    return Intake(
        category=category, event_type=found.name_zh, gb_code=found.gb_code, severity=severity, title=title,
        description=text_field(props, "description", 5000), reported_at=reported_at, occurred_at=occurred_at,
        source=parse_source(props.get("source")), is_drill=parse_bool(props.get("is_drill"), "is_drill"),
        reporter=text_field(props, "reporter", 50), phone=text_field(props, "phone", 30),
        casualties=parse_casualties(props.get("casualties")) or 0, address=address, geom=geom,
    )
