"""The street (onemap_district) each imported feature lies in, for the whole file at once: the
lowest-numbered street whose area holds the feature's point (a point itself, an area's interior
point), as ST_Intersects places the layer's own rows. Computed before the COPY and sent with it:
the INSERT then reads a column instead of probing the street index and sorting once per row.

A handful of streets against a million points: for each street (in id order) the points inside
its bounding box, then shapely 2's prepared point-in-polygon on their bare coordinates
(intersects_xy: no geometry object per point); a point found once is not tested again."""
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
    if geoms.points:
        x, y = geoms.x, geoms.y
    else:
        inside = shapely.point_on_surface(shapely.from_wkb(geoms.ewkb))  # None stays None: NaN below
        x, y = shapely.get_x(inside), shapely.get_y(inside)
    found = np.zeros(n, dtype=np.int64)
    todo = np.isfinite(x) & np.isfinite(y)
    for street_id, wkb in rows:
        area = shapely.from_wkb(bytes(wkb))
        xmin, ymin, xmax, ymax = area.bounds
        candidates = np.flatnonzero(todo & (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax))
        if not len(candidates):
            continue
        shapely.prepare(area)
        hit = candidates[shapely.intersects_xy(area, x[candidates], y[candidates])]
        found[hit] = street_id
        todo[hit] = False
    return pa.array(found, mask=found == 0)
