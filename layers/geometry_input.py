"""Geometries written by clients (GeoJSON in edits through /api and /ogc, literals in CQL2 filters)
checked for shape before GDAL, GEOS or PostGIS read them: their own errors are either opaque
("Invalid geometry pointer returned from OGR_G_CreateGeometryFromJson") or, inside SQL, a 500.

Positions are 2-D here. RFC 7946 lets a position carry an altitude as a third number; every layer
stores longitude/latitude only, so an altitude is accepted and dropped, the same way on every
route (create and update through /api and OGC Part 4, and CQL2 filters). A fourth number (a
measure) is refused: RFC 7946 says positions should not have more than three."""
from __future__ import annotations

from math import isfinite

from django.utils.translation import gettext as _

# How deeply each type nests its positions: Point = a position, LineString = a list of them, ...
NESTING = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
TYPES = (*NESTING, "GeometryCollection")


class GeometryProblem(ValueError):
    """What is wrong with a client's geometry, in a sentence the client can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def plain_geometry(raw) -> dict:
    """`raw` as GeoJSON with 2-D positions (altitudes dropped), or GeometryProblem."""
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        raise GeometryProblem(_('A geometry is a GeoJSON object such as {"type": "Point", "coordinates": '
                                '[121.42, 31.22]}.'))
    kind = raw["type"]
    if kind == "GeometryCollection":
        members = raw.get("geometries")
        if not isinstance(members, (list, tuple)) or not members:
            raise GeometryProblem(_("A GeometryCollection needs a non-empty list of geometries."))
        return {"type": kind, "geometries": [plain_geometry(member) for member in members]}
    if kind not in NESTING:
        raise GeometryProblem(_("Unknown geometry type “%(type)s”; use one of %(types)s.")
                              % {"type": kind[:40], "types": ", ".join(TYPES)})
    return {"type": kind, "coordinates": _coordinates(kind, raw.get("coordinates"))}


def _coordinates(kind: str, value):
    if kind == "Point":
        return _position(value, kind)
    if kind == "MultiPoint":
        return [_position(p, kind) for p in _items(value, kind)]
    if kind == "LineString":
        return _line(value, kind)
    if kind == "MultiLineString":
        return [_line(line, kind) for line in _items(value, kind)]
    if kind == "Polygon":
        return _polygon(value, kind)
    return [_polygon(polygon, kind) for polygon in _items(value, kind)]


def _items(value, kind: str) -> list:
    if not isinstance(value, (list, tuple)) or not value:
        raise GeometryProblem(_("The coordinates of a %(type)s must be a non-empty list nested %(levels)s "
                                "levels deep.") % {"type": kind, "levels": NESTING[kind] + 1})
    return value


def _position(value, kind: str) -> list[float]:
    if (not isinstance(value, (list, tuple)) or not 2 <= len(value) <= 3
            or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value)):
        raise GeometryProblem(_("Each position of a %(type)s is [longitude, latitude] (an altitude may "
                                "follow), numbers only; found %(found)s.") % {"type": kind, "found": _short(value)})
    if not all(isfinite(v) for v in value):
        raise GeometryProblem(_("Coordinates must be finite numbers; found %(found)s.") % {"found": _short(value)})
    return [float(value[0]), float(value[1])]


def _line(value, kind: str) -> list:
    positions = [_position(p, kind) for p in _items(value, kind)]
    if len(positions) < 2:
        raise GeometryProblem(_("A line of a %(type)s needs at least 2 positions.") % {"type": kind})
    return positions


def _polygon(value, kind: str) -> list:
    rings = []
    for ring in _items(value, kind):
        positions = [_position(p, kind) for p in _items(ring, kind)]
        if len(positions) < 4 or positions[0] != positions[-1]:
            raise GeometryProblem(_("Each ring of a %(type)s needs at least 4 positions, the last equal to the "
                                    "first (a closed ring).") % {"type": kind})
        rings.append(positions)
    return rings


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
