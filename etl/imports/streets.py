"""The street (onemap_district) each imported feature lies in, for the whole file at once: the
lowest-numbered street whose area holds the feature's point (a point itself, an area's interior
point), as the layer's own rows are placed. Computed with shapely 2's tree of the street areas
and sent with the COPY: the INSERT then reads a column instead of probing the street index and
sorting once per row (a million sub-queries, even with no streets at all)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import shapely
from django.db import connection

from .geometry import Geometries


def street_ids(geoms: Geometries, n: int) -> pa.Array:
    with connection.cursor() as cursor:
        cursor.execute('SELECT id, ST_AsBinary(geom) FROM "onemap_district" WHERE geom IS NOT NULL ORDER BY id')
        rows = cursor.fetchall()
    if not rows or not n:
        return pa.nulls(n, pa.int64())
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    tree = shapely.STRtree(shapely.from_wkb([bytes(r[1]) for r in rows]))
    if geoms.points:
        where = shapely.points(geoms.x, geoms.y)
        where[~(np.isfinite(geoms.x) & np.isfinite(geoms.y))] = None  # no point: no street
    else:
        where = shapely.point_on_surface(shapely.from_wkb(geoms.ewkb))
    feature, street = tree.query(where, predicate="intersects")
    first = np.full(n, len(ids), dtype=np.int64)
    np.minimum.at(first, feature, street)  # streets are in id order: the lowest index is the lowest id
    found = first < len(ids)
    return pa.array(np.where(found, ids[np.minimum(first, len(ids) - 1)], 0), mask=~found)
