"""The file's WKB geometries in WGS84, in the shape the COPY wants them.

Points (the million-row case) travel as two float columns and become geometries inside
PostgreSQL; their coordinates are read straight out of the WKB buffer when every row is a plain
little-endian 2D point (21 bytes: byte order, type 1, x, y), with no geometry object per row.
Anything else (lines, areas, 3D, big-endian, missing rows) goes through shapely 2's vectorised
WKB reader and leaves as hex EWKB. Conversion to WGS84 works on whole coordinate arrays either
way (crs.to_wgs84)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import shapely

from . import crs

POINT_WKB_SIZE = 21


@dataclass
class Geometries:
    x: np.ndarray | None = None     # points: WGS84 longitude (NaN where a row has no point)
    y: np.ndarray | None = None
    ewkb: np.ndarray | None = None  # otherwise: hex EWKB with SRID 4326 (None where missing)

    @property
    def points(self) -> bool:
        return self.x is not None

    def shape(self, i: int):
        """Row i (from 0) as a shapely geometry, for the preview."""
        if self.points:
            x, y = self.x[i], self.y[i]
            return None if np.isnan(x) or np.isnan(y) else shapely.Point(x, y)
        return None if self.ewkb[i] is None else shapely.from_wkb(self.ewkb[i])


def _plain_points(wkb: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """x and y of a WKB array of little-endian 2D points without nulls, as views of its buffer;
    None if any row is something else."""
    if wkb.null_count or not len(wkb):
        return None
    offsets = np.frombuffer(wkb.buffers()[1], dtype=np.int32 if wkb.type == pa.binary() else np.int64,
                            count=len(wkb) + 1, offset=wkb.offset * (4 if wkb.type == pa.binary() else 8))
    if offsets[-1] - offsets[0] != POINT_WKB_SIZE * len(wkb) or np.any(np.diff(offsets) != POINT_WKB_SIZE):
        return None
    data = np.frombuffer(wkb.buffers()[2], dtype=np.uint8, count=POINT_WKB_SIZE * len(wkb), offset=int(offsets[0]))
    rows = data.reshape(-1, POINT_WKB_SIZE)
    if np.any(rows[:, 0] != 1) or np.any(rows[:, 1:5].copy().view("<u4")[:, 0] != 1):
        return None
    xy = rows[:, 5:].copy().view("<f8")
    return xy[:, 0], xy[:, 1]


def to_wgs84(wkb: pa.Array, source_crs: str) -> Geometries:
    plain = _plain_points(wkb)
    if plain is not None:
        return Geometries(*crs.to_wgs84(source_crs, *plain))
    shapes = shapely.from_wkb(np.asarray(wkb.to_numpy(zero_copy_only=False), dtype=object), on_invalid="ignore")
    types = shapely.get_type_id(shapes)
    if len(types) and np.all((types == 0) | (types == -1)):
        x, y = shapely.get_x(shapes), shapely.get_y(shapes)  # NaN for a missing or empty point
        return Geometries(*crs.to_wgs84(source_crs, x, y))
    if source_crs != "EPSG:4326":
        shapes = shapely.transform(shapes, lambda xy: np.column_stack(crs.to_wgs84(source_crs, xy[:, 0], xy[:, 1])))
    return Geometries(ewkb=shapely.to_wkb(shapely.set_srid(shapes, 4326), hex=True, include_srid=True))
