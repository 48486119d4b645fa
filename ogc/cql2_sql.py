"""CQL2 (as parsed by pygeofilter) to a parameterised PostGIS WHERE clause.

Only published properties may be named; every literal travels as a bound parameter, checked
against the property's type first, so nothing a client writes becomes SQL text."""
from datetime import date, datetime
from math import isfinite

import orjson
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _
from psycopg import sql
from pygeofilter import ast, values

from layers.geometry_input import GeometryProblem, plain_geometry

from .errors import BadQuery

MAX_DEPTH = 20
MAX_NODES = 500

_COMPARISONS = {
    ast.Equal: "=", ast.NotEqual: "<>", ast.LessThan: "<", ast.LessEqual: "<=",
    ast.GreaterThan: ">", ast.GreaterEqual: ">=",
}
_SPATIAL = {
    ast.GeometryIntersects: "ST_Intersects", ast.GeometryDisjoint: "ST_Disjoint",
    ast.GeometryContains: "ST_Contains", ast.GeometryWithin: "ST_Within",
    ast.GeometryTouches: "ST_Touches", ast.GeometryCrosses: "ST_Crosses",
    ast.GeometryOverlaps: "ST_Overlaps", ast.GeometryEquals: "ST_Equals",
}
_TEMPORAL = {ast.TimeBefore: "<", ast.TimeAfter: ">", ast.TimeEquals: "="}


class Cql2ToSql:
    """`fields` maps each queryable property to its JSON-schema type ("string", "integer",
    "number", "boolean"); `geometry` is the name of the geometry column."""

    def __init__(self, fields: dict[str, dict], geometry: str = "geom"):
        self.fields = fields
        self.geometry = geometry
        self._nodes = 0

    def translate(self, node) -> tuple[sql.Composable, list]:
        """Returns (clause, params): the clause holds %s placeholders only."""
        self._nodes = 0
        self.params = []
        return self._node(node, 0), self.params

    def _param(self, value):
        self.params.append(value)
        return sql.Placeholder()

    # -- dispatch ---------------------------------------------------------------------------
    def _node(self, node, depth):
        self._nodes += 1
        if depth > MAX_DEPTH or self._nodes > MAX_NODES:
            raise BadQuery(f"The filter is too complex (at most {MAX_DEPTH} levels and {MAX_NODES} terms).")
        if isinstance(node, (ast.And, ast.Or)):
            joiner = sql.SQL(" AND " if isinstance(node, ast.And) else " OR ")
            parts = [self._node(node.lhs, depth + 1), self._node(node.rhs, depth + 1)]
            return sql.SQL("(") + joiner.join(parts) + sql.SQL(")")
        if isinstance(node, ast.Not):
            return sql.SQL("NOT (") + self._node(node.sub_node, depth + 1) + sql.SQL(")")
        if isinstance(node, ast.Include):
            return sql.SQL("FALSE" if node.not_ else "TRUE")
        for klass, op in _COMPARISONS.items():
            if type(node) is klass:
                return self._comparison(node.lhs, op, node.rhs)
        if isinstance(node, ast.Between):
            column, kind = self._attribute(node.lhs)
            low, high = self._literal(node.low, kind), self._literal(node.high, kind)
            neg = sql.SQL(" NOT" if node.not_ else "")
            return sql.SQL("({}{} BETWEEN {} AND {})").format(column, neg, low, high)
        if isinstance(node, ast.Like):
            return self._like(node)
        if isinstance(node, ast.In):
            column, kind = self._attribute(node.lhs)
            items = sql.SQL(", ").join(self._literal(v, kind) for v in node.sub_nodes)
            return sql.SQL("({} {}IN ({}))").format(column, sql.SQL("NOT " if node.not_ else ""), items)
        if isinstance(node, ast.IsNull):
            column, _ = self._attribute(node.lhs)
            return sql.SQL("({} IS {}NULL)").format(column, sql.SQL("NOT " if node.not_ else ""))
        for klass, function in _SPATIAL.items():
            if type(node) is klass:
                return sql.SQL("{}({}, {})").format(
                    sql.SQL(function), self._spatial(node.lhs), self._spatial(node.rhs)
                )
        if isinstance(node, ast.BBox):
            return self._bbox(node)
        if isinstance(node, ast.DistanceWithin):
            metres = self._distance_metres(node)
            return sql.SQL("ST_DWithin({}::geography, {}::geography, {})").format(
                self._spatial(node.lhs), self._spatial(node.rhs), self._param(metres)
            )
        for klass, op in _TEMPORAL.items():
            if type(node) is klass:
                return self._comparison(node.lhs, op, node.rhs)
        if isinstance(node, ast.TimeDuring) and isinstance(node.rhs, values.Interval):
            column, kind = self._attribute(node.lhs)
            low, high = self._literal(node.rhs.start, kind), self._literal(node.rhs.end, kind)
            return sql.SQL("({} > {} AND {} < {})").format(column, low, column, high)
        raise BadQuery(f"The filter uses {type(node).__name__}, which this server does not support.")

    # -- pieces -----------------------------------------------------------------------------
    def _attribute(self, node):
        if not isinstance(node, ast.Attribute):
            raise BadQuery("Each comparison must have a property name on its left-hand side.")
        if node.name not in self.fields:
            known = ", ".join(sorted(self.fields))
            raise BadQuery(f"Unknown property {node.name!r} in the filter; queryable properties are: {known}.")
        spec = self.fields[node.name]
        return sql.Identifier(node.name), spec.get("format") or spec["type"]

    def _comparison(self, lhs, op, rhs):
        if isinstance(rhs, ast.Attribute) and not isinstance(lhs, ast.Attribute):
            lhs, rhs = rhs, lhs
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        column, kind = self._attribute(lhs)
        if isinstance(rhs, ast.Attribute):
            other, _ = self._attribute(rhs)
            return sql.SQL("({} {} {})").format(column, sql.SQL(op), other)
        return sql.SQL("({} {} {})").format(column, sql.SQL(op), self._literal(rhs, kind))

    def _literal(self, value, kind):
        """A bound parameter of the property's type, or a 400 saying what was expected."""
        name = type(value).__name__
        if kind == "boolean":
            if isinstance(value, bool):
                return self._param(value)
        elif kind == "integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return self._param(value)
            if isinstance(value, float) and value.is_integer():
                return self._param(int(value))
        elif kind == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return self._param(value)
        elif kind in ("date", "date-time"):
            if isinstance(value, (date, datetime)):
                return self._param(value)
            if isinstance(value, str):
                try:
                    return self._param(date.fromisoformat(value) if kind == "date" else datetime.fromisoformat(value))
                except ValueError:
                    raise BadQuery(f"{value!r} is not an ISO 8601 {kind}, e.g. 2026-11-24T08:00:00+08:00.") from None
        elif isinstance(value, str):
            return self._param(value)
        raise BadQuery(f"A {kind} property cannot be compared with the {name} value {value!r}.")

    def _like(self, node):
        column, kind = self._attribute(node.lhs)
        if kind != "string":
            raise BadQuery("LIKE applies to text properties only.")
        pattern = node.pattern
        if node.wildcard != "%" or node.singlechar != "_":
            translated = []
            for ch in pattern:
                if ch == node.wildcard:
                    translated.append("%")
                elif ch == node.singlechar:
                    translated.append("_")
                else:
                    translated.append(ch)
            pattern = "".join(translated)
        op = "ILIKE" if node.nocase else "LIKE"
        return sql.SQL("({} {}{} {})").format(
            column, sql.SQL("NOT " if node.not_ else ""), sql.SQL(op), self._param(pattern)
        )

    def _spatial(self, node):
        if isinstance(node, ast.Attribute):
            if node.name not in (self.geometry, "geometry"):
                raise BadQuery(f"{node.name!r} is not a geometry; spatial filters apply to 'geometry'.")
            return sql.Identifier(self.geometry)
        if isinstance(node, (values.Geometry, values.Envelope)):
            geojson = orjson.dumps(geometry_literal(node.__geo_interface__)).decode()
            return sql.SQL("ST_SetSRID(ST_GeomFromGeoJSON({}), 4326)").format(self._param(geojson))
        raise BadQuery("Spatial predicates take the geometry property and a geometry literal.")

    def _bbox(self, node):
        corners = [node.minx, node.miny, node.maxx, node.maxy]
        if not all(isinstance(v, (int, float)) and isfinite(v) for v in corners):
            raise BadQuery(_("BBOX takes four finite numbers: min longitude, min latitude, max longitude, "
                             "max latitude."))
        if corners[0] > corners[2] or corners[1] > corners[3]:
            raise BadQuery(_("In BBOX the minimum longitude and latitude come first and must not exceed the "
                             "maximum."))
        return sql.SQL("({} && ST_MakeEnvelope({}, {}, {}, {}, 4326))").format(
            self._spatial(node.lhs), *(self._param(float(v)) for v in corners))

    @staticmethod
    def _distance_metres(node):
        factors = {"meters": 1.0, "metres": 1.0, "m": 1.0, "kilometers": 1000.0, "km": 1000.0}
        unit = (node.units or "meters").lower()
        if unit not in factors:
            raise BadQuery(f"Distance unit {node.units!r} is not supported; use meters or kilometers.")
        try:
            metres = float(node.distance) * factors[unit]
        except (TypeError, ValueError):
            metres = float("nan")
        if not isfinite(metres) or metres < 0:
            raise BadQuery(_("The distance must be a finite number of %(unit)s not below 0.") % {"unit": unit})
        return metres


def geometry_literal(raw) -> dict:
    """A geometry written in a filter, checked before PostGIS reads it (an invalid one would fail
    inside the query): shape (layers.geometry_input, altitudes dropped), longitude/latitude range
    (the layers are stored in EPSG:4326; filter-crs is applied by pygeoapi before this), validity."""
    try:
        plain = plain_geometry(raw)
    except GeometryProblem as problem:
        raise BadQuery(_("The filter's geometry is not valid GeoJSON: %(problem)s") % {"problem": problem.message}) \
            from None
    try:
        geom = GEOSGeometry(orjson.dumps(plain).decode(), srid=4326)
    except Exception as exc:  # noqa: BLE001 - GDAL and GEOS raise their own types; all mean "unreadable"
        raise BadQuery(_("The filter's geometry could not be read: %(reason)s") % {"reason": exc}) from None
    xmin, ymin, xmax, ymax = geom.extent
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        raise BadQuery(_("The filter's geometry lies outside longitude -180..180 and latitude -90..90; "
                         "write longitude first, in degrees."))
    if not geom.valid:
        raise BadQuery(_("The filter's geometry is not valid (%(reason)s); e.g. a polygon's boundary must not "
                         "cross itself.") % {"reason": geom.valid_reason})
    return plain
