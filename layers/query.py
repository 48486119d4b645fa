"""The one query builder over a layer's slim view: "view + this user's row filter + whatever the
route adds (bbox, cursor, id, property equality, CQL2)". Every route that reads rows of a layer
(OGC features and tiles, editing, search, nearby, stats, live) builds its SQL here, so the row
decision of layers/access.py cannot be forgotten by a new route.

Clauses are psycopg `sql.Composable`s with `%s` placeholders; values always travel as bound
parameters, never in the SQL text."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import connection, transaction
from psycopg import sql

from .access import row_filter
from .registry import Layer

ANONYMOUS = None


@dataclass(frozen=True)
class LayerQuery:
    layer: Layer
    user: object = ANONYMOUS
    clauses: tuple = field(default=())
    params: tuple = field(default=())

    @classmethod
    def of(cls, layer: Layer, user) -> LayerQuery:
        """Rows of `layer` as `user` may see them (the registry's `where` is in the view itself)."""
        rows = row_filter(user, layer)
        return cls(layer, user, (rows,) if rows is not None else (), ())

    # -- narrowing: each returns a new query ---------------------------------------------------
    def where(self, clause: sql.Composable | str, *params) -> LayerQuery:
        clause = sql.SQL(clause) if isinstance(clause, str) else clause
        return LayerQuery(self.layer, self.user, (*self.clauses, clause), (*self.params, *params))

    def id_is(self, feature_id: int) -> LayerQuery:
        return self.where("id = %s", feature_id)

    def ids_in(self, ids) -> LayerQuery:
        return self.where("id = ANY(%s)", list(ids))

    def after(self, cursor: int | None) -> LayerQuery:
        return self if cursor is None else self.where("id > %s", cursor)

    def bbox(self, minx: float, miny: float, maxx: float, maxy: float) -> LayerQuery:
        return self.where("geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)", minx, miny, maxx, maxy)

    def in_tile(self, z: int, x: int, y: int) -> LayerQuery:
        """Rows whose geometry meets WebMercatorQuad tile z/x/y (the index-backed prefilter;
        ST_AsMVTGeom clips to the tile itself)."""
        return self.where("geom && ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326)", z, x, y)

    def within_m(self, lon: float, lat: float, radius_m: float) -> LayerQuery:
        # The && prefilter uses the GiST index; ST_DWithin on geography makes it exact in metres.
        deg = radius_m / 111_000.0 / 0.8  # 0.8 < cos(latitude) anywhere in Shanghai
        return self.where(
            "geom && ST_Expand(ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s) AND "
            "ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)",
            lon, lat, deg, lon, lat, radius_m)

    def equals(self, prop: str, value) -> LayerQuery:
        return self.where(sql.SQL("{} = %s").format(sql.Identifier(prop)), value)

    # -- SQL ----------------------------------------------------------------------------------
    @property
    def source(self) -> sql.Identifier:
        return sql.Identifier(self.layer.view_name)

    def where_sql(self) -> sql.Composable:
        if not self.clauses:
            return sql.SQL("")
        return sql.SQL("WHERE ") + sql.SQL(" AND ").join(sql.SQL("({})").format(c) for c in self.clauses)

    def select(self, columns: sql.Composable | str, *, order: sql.Composable | str | None = None,
               limit: int | None = None, offset: int | None = None, before=(), ) -> tuple[sql.Composed, list]:
        """SELECT `columns` FROM the view WHERE ...; `before` are parameters of placeholders in
        `columns` (they precede the WHERE's)."""
        columns = sql.SQL(columns) if isinstance(columns, str) else columns
        query = sql.SQL("SELECT {} FROM {} {}").format(columns, self.source, self.where_sql())
        params = [*before, *self.params]
        if order is not None:
            query += sql.SQL(" ORDER BY ") + (sql.SQL(order) if isinstance(order, str) else order)
        if limit is not None:
            query += sql.SQL(" LIMIT %s")
            params.append(limit)
        if offset:
            query += sql.SQL(" OFFSET %s")
            params.append(offset)
        return query, params

    def count_sql(self) -> tuple[sql.Composed, list]:
        return self.select("count(*)")

    def fetch(self, columns, **kwargs) -> list[tuple]:
        query, params = self.select(columns, **kwargs)
        return run(query, params)

    def count(self) -> int:
        return run(*self.count_sql())[0][0]

    def visible_ids(self, ids) -> set[int]:
        """Which of these ids this user may see: the live channel's filter, the same rule as reads."""
        ids = list(ids)
        if not ids:
            return set()
        return {row[0] for row in self.ids_in(ids).fetch("id")}


def run(query, params) -> list[tuple]:
    """Execute on Django's connection with the raw psycopg cursor (no wrapper on the hot path).
    Inside a caller's transaction a failed statement would poison what follows: a savepoint
    guards it; autocommit requests pay nothing."""
    connection.ensure_connection()
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with guard, connection.connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()
