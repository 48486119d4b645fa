"""Each collection's own spatial extent, measured from its published view.

QGIS zooms to a layer by this bbox and clients decide whether to fetch at all from it, so one
district-wide bbox for every layer (as pygeoapi's static configuration would have it) is wrong for
a layer whose rows lie elsewhere or nowhere. The extent is the published view's (what anyone who
may read the layer sees at most), measured with ST_Extent and kept for EXTENT_TTL seconds: a
million cameras take a few hundred milliseconds to measure, once per period and worker, not per
request."""
from __future__ import annotations

import os
import threading
import time

from django.db import connection
from psycopg import sql

from layers.registry import Layer

# Changning District's bounding box: the extent of a layer with no rows yet.
CHANGNING_BBOX = (121.3273, 31.1797, 121.4348, 31.2459)
# ONEMAP_EXTENT_TTL=0 measures on every request (the test suite's servers, whose rows change
# from one test to the next).
EXTENT_TTL = float(os.environ.get("ONEMAP_EXTENT_TTL", "300"))

_lock = threading.Lock()
_measured: dict[str, tuple[float, tuple[float, float, float, float]]] = {}


def _measure(layer: Layer) -> tuple[float, float, float, float]:
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
            "FROM (SELECT ST_Extent(geom) AS e FROM {}) x").format(sql.Identifier(layer.view_name)))
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return CHANGNING_BBOX
    return tuple(round(v, 6) for v in row)


def layer_extent(layer: Layer, now: float | None = None) -> tuple[float, float, float, float]:
    """[minx, miny, maxx, maxy] in CRS84 of the layer's published rows, at most EXTENT_TTL old."""
    now = time.monotonic() if now is None else now
    cached = _measured.get(layer.id)
    if cached is not None and now - cached[0] < EXTENT_TTL:
        return cached[1]
    bbox = _measure(layer)
    with _lock:
        _measured[layer.id] = (now, bbox)
    return bbox


def extents_of(layers: list[Layer]) -> dict[str, tuple[float, float, float, float]]:
    return {layer.id: layer_extent(layer) for layer in layers}


def forget() -> None:
    """Measure again on next use (tests, after bulk loads)."""
    with _lock:
        _measured.clear()
