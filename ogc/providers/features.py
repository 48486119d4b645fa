"""OGC API Features provider over a layer's slim PostGIS view.

Why not pygeoapi's PostgreSQLProvider: it pages with OFFSET (page 10,000 costs 10,000 pages), it
needs SQLAlchemy reflection and psycopg2, and its CRS handling transforms in Python. Here every
feature is built as JSON by PostGIS in one statement, the CRS transform and axis order are done
in SQL with integer SRIDs, paging is keyset (`cursor` = last id) and filters are bound params.
The SQL is built by layers.query.LayerQuery, so the user's row filter is always there."""
from __future__ import annotations

import urllib.parse
from datetime import date, datetime

import orjson
import psycopg
from django.conf import settings
from psycopg import sql
from pygeoapi.provider.base import BaseProvider

from layers.api_access import no_such_row
from layers.geojson import feature_json
from layers.query import LayerQuery
from layers.registry import load_catalog

from ..cql2_sql import Cql2ToSql
from ..errors import BadQuery, ItemNotFound
from ..request_context import current_request
from .writes import FeatureWrites

CURSOR_PARAM = "cursor"
# OFFSET reads and drops every row before it: deep pages are for keyset `next` links.
MAX_OFFSET = 100_000
LAST_PAGE = "_onemap_last_page"
_TYPES = {"integer": int, "number": float}


def layer_fields(layer) -> dict[str, dict]:
    fields = {}
    for prop in layer.published:
        spec = {"type": prop.type, "title": prop.label_zh}
        if prop.format:
            spec["format"] = prop.format
        fields[prop.name] = spec
    return fields


class PostGISFeatureProvider(FeatureWrites, BaseProvider):
    """pygeoapi instantiates a provider per request: keep __init__ to dictionary look-ups."""

    def __init__(self, provider_def):
        super().__init__(provider_def)
        self.layer = load_catalog().get(provider_def["data"]["layer"])
        self.id_field = "id"
        self.title_field = self.layer.title_property
        self.include_extra_query_parameters = True
        self._fields = layer_fields(self.layer)

    def get_fields(self):
        return self._fields

    # -- queries ----------------------------------------------------------------------------
    def query(self, offset=0, limit=10, resulttype="results", bbox=[], datetime_=None, properties=[],
              sortby=[], select_properties=[], skip_geometry=False, q=None, filterq=None,
              crs_transform_spec=None, **kwargs):
        rows, cursor = self._rows(bbox, properties, filterq)
        if resulttype == "hits":
            return {"type": "FeatureCollection", "features": [], "numberMatched": self._count(rows),
                    "numberReturned": 0}

        keyset = not sortby
        if offset and offset > MAX_OFFSET:
            raise BadQuery(f"offset may be at most {MAX_OFFSET}; to read further, follow the `next` links.")
        page = rows.after(cursor) if keyset else rows
        # One row more than asked tells whether a next page exists without counting. `offset` is
        # honoured in both modes (OWSLib and scripts page with it); the `next` links are keyset
        # links that continue after the last row returned, so the two never disagree.
        found = self._fetch(page, self._feature_json(select_properties, skip_geometry, crs_transform_spec),
                            order=self._order(sortby), limit=limit + 1, offset=offset or None)
        has_more = len(found) > limit
        features = [orjson.loads(row[0]) for row in found[:limit]]

        result = {"type": "FeatureCollection", "features": features, "numberReturned": len(features)}
        if cursor is None and not offset:
            result["numberMatched"] = self._count(rows) if has_more else len(features)
        if keyset:
            if has_more:
                result["links"] = [self._next_link(features[-1]["id"])]
            else:
                # pygeoapi adds an offset `next` link to any full page; this is the last one.
                result[LAST_PAGE] = True
        return result

    def get(self, identifier, crs_transform_spec=None, **kwargs):
        try:
            key = int(identifier)
        except (TypeError, ValueError):
            raise ItemNotFound(f"No feature with id {identifier!r}: ids are integers.") from None
        found = self._fetch(self._readable().id_is(key), self._feature_json([], False, crs_transform_spec))
        if not found:
            raise ItemNotFound(no_such_row(self.layer, key).message)  # hidden or missing: the same 404
        return orjson.loads(found[0][0])

    # -- SQL pieces -------------------------------------------------------------------------
    def _readable(self) -> LayerQuery:
        """The layer's rows this request's user may see (layers/access.py row filters)."""
        request = current_request.get()
        return LayerQuery.of(self.layer, request.user if request else None)

    def _rows(self, bbox, properties, filterq) -> tuple[LayerQuery, int | None]:
        """The rows the client asked for (bbox, property equality, CQL2) within what it may see,
        and the keyset cursor if it sent one."""
        rows, cursor = self._readable(), None
        if bbox:
            if len(bbox) == 6:
                bbox = [bbox[0], bbox[1], bbox[3], bbox[4]]
            rows = rows.bbox(*(float(v) for v in bbox))
        for name, value in properties:
            if name == CURSOR_PARAM:
                try:
                    cursor = int(value)
                except ValueError:
                    raise BadQuery(f"cursor must be the integer id from a next link, not {value!r}.") from None
                continue
            if name not in self._fields:
                known = ", ".join(sorted(self._fields))
                raise BadQuery(f"Unknown query parameter {name!r}. Filterable properties are: {known}.")
            rows = rows.equals(name, self._coerce(name, value))
        if filterq is not None:
            clause, filter_params = Cql2ToSql(self._fields).translate(filterq)
            rows = rows.where(clause, *filter_params)
        return rows, cursor

    def _coerce(self, name, value):
        kind = self._fields[name]["type"]
        fmt = self._fields[name].get("format")
        if fmt in ("date", "date-time"):
            try:
                return date.fromisoformat(value) if fmt == "date" else datetime.fromisoformat(value)
            except ValueError:
                raise BadQuery(f"{name} is a {fmt} property; write {value!r} as ISO 8601, "
                               f"e.g. 2026-11-24{'T08:00:00+08:00' if fmt == 'date-time' else ''}.") from None
        if kind == "boolean":
            if value.lower() in ("true", "false"):
                return value.lower() == "true"
        elif kind in _TYPES:
            try:
                return _TYPES[kind](value)
            except ValueError:
                pass
        else:
            return value
        raise BadQuery(f"{name} is a {kind} property; {value!r} is not a {kind}.")

    def _order(self, sortby):
        if not sortby:
            return sql.SQL("id")
        parts = [
            sql.SQL("{} {}").format(sql.Identifier(s["property"]), sql.SQL("DESC" if s["order"] == "-" else "ASC"))
            for s in sortby
        ]
        return sql.SQL(", ").join([*parts, sql.SQL("id")])

    def _feature_json(self, select_properties, skip_geometry, crs_transform_spec) -> sql.Composable:
        names = [p for p in self._fields if not select_properties or p in select_properties]
        target = crs_transform_spec.target_crs_uri if crs_transform_spec else None
        return feature_json(names, skip_geometry, target)

    def _count(self, rows: LayerQuery) -> int:
        return self._fetch(rows, "count(*)")[0][0]

    @staticmethod
    def _fetch(rows: LayerQuery, columns, **kwargs) -> list[tuple]:
        try:
            return rows.fetch(columns, **kwargs)  # a savepoint guards it inside a transaction
        except (psycopg.errors.DataError, psycopg.errors.InvalidParameterValue) as exc:
            # e.g. a date-time compared with text that is not a date: the client's to fix.
            raise BadQuery(f"The query could not be applied: {exc.diag.message_primary}") from None

    def _next_link(self, last_id) -> dict:
        request = current_request.get()
        params = {}
        if request is not None:
            params = {k: v for k, v in request.GET.items() if k not in ("offset", CURSOR_PARAM)}
        params[CURSOR_PARAM] = str(last_id)
        from geo_api.common.public_url import public_url  # the request's own host, or the configured one

        public = public_url(request) if request is not None else settings.ONEMAP_PUBLIC_URL
        base = f"{public}/{settings.OGC_MOUNT}/collections/{self.layer.id}/items"
        return {
            "rel": "next", "type": "application/geo+json", "title": "Items (next)",
            "href": f"{base}?{urllib.parse.urlencode(params)}",
        }

    def __repr__(self):
        return f"<PostGISFeatureProvider> {self.layer.id}"
