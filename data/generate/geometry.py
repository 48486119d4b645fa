"""The real Changning outline, the synthetic street polygons that tile it, and vectorised
sampling of points strictly inside them."""
import json
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, MultiPolygon, Polygon, shape

BOUNDARY_PATH = Path(__file__).resolve().parent.parent / "reference" / "changning-boundary-wgs84.geojson"

# Lambert azimuthal equal-area centred on the district: areas come out right to well under
# 0.01 %, unlike Web Mercator (about +37 % here) or Gauss-Kruger (scale error grows off the
# central meridian).
EQUAL_AREA = "+proj=laea +lat_0=31.21 +lon_0=121.38 +ellps=WGS84 +units=m +no_defs"
_to_equal_area = Transformer.from_crs("EPSG:4326", EQUAL_AREA, always_xy=True)

# ~0.1 m: what a surveyed or GPS coordinate carries, and what keeps EWKT/GeoJSON short.
DECIMALS = 6
METRES_PER_DEGREE = 111_320.0


@cache
def boundary() -> Polygon:
    collection = json.loads(BOUNDARY_PATH.read_text(encoding="utf-8"))
    geom = shape(collection["features"][0]["geometry"])
    if not geom.is_valid:
        raise ValueError(f"{BOUNDARY_PATH.name} is not a valid polygon")
    return geom


def area_km2(geom) -> float:
    projected = shapely.transform(geom, lambda xy: np.column_stack(_to_equal_area.transform(xy[:, 0], xy[:, 1])))
    return projected.area / 1e6


def as_multipolygon(geom) -> MultiPolygon:
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    # An overlay can leave slivers of lower dimension next to the polygons; keep the area only.
    return MultiPolygon([g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty])


def tile(outline: Polygon, seeds: list[tuple[float, float]]) -> list[MultiPolygon]:
    """Voronoi cells around the seeds, clipped to the outline: they cover it exactly and do
    not overlap (up to floating point), which real street boundaries also do."""
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=outline.envelope.buffer(0.05), ordered=True)
    return [as_multipolygon(shapely.intersection(cell, outline)) for cell in shapely.get_parts(cells)]


class Geography:
    """The outline and its tiling, prepared once for fast point-in-polygon tests."""

    def __init__(self, outline: Polygon, districts: list[MultiPolygon]):
        self.outline = outline
        self.districts = districts
        for geom in [outline, *districts]:
            shapely.prepare(geom)

    def locate(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Index of the district each point lies strictly inside, -1 where none (outside the
        outline, or exactly on a shared edge)."""
        found = np.full(len(x), -1, dtype=np.int64)
        inside = shapely.contains_xy(self.outline, x, y)
        for i, geom in enumerate(self.districts):
            hit = inside & (found < 0) & shapely.contains_xy(geom, x, y)
            found[hit] = i
        return found

    def sample_in(self, rng: np.random.Generator, index: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        """n points strictly inside district `index` (and the outline), by rejection from the
        district's bounding box; rounded before the test so stored values are the tested ones."""
        geom = self.districts[index]
        x0, y0, x1, y1 = geom.bounds
        fill = max(geom.area / ((x1 - x0) * (y1 - y0)), 0.05)
        xs, ys, have = [], [], 0
        while have < n:
            batch = int((n - have) / fill * 1.1) + 16
            x = np.round(rng.uniform(x0, x1, batch), DECIMALS)
            y = np.round(rng.uniform(y0, y1, batch), DECIMALS)
            keep = shapely.contains_xy(geom, x, y) & shapely.contains_xy(self.outline, x, y)
            xs.append(x[keep])
            ys.append(y[keep])
            have += int(keep.sum())
        return np.concatenate(xs)[:n], np.concatenate(ys)[:n]

    def sample(self, rng: np.random.Generator, counts: list[int], spatial: bool = False):
        """counts[i] points in district i: x, y, district index. Shuffled, so that ids do not
        group by district; or, for the big layers, `spatial`: by district, then along a Z-order
        curve. Inserting in that order keeps the GiST and code indexes' writes local (a million
        cameras COPY in 17 s instead of 24) and clusters the table the way map tiles read it."""
        parts = [self.sample_in(rng, i, c) for i, c in enumerate(counts)]
        x = np.concatenate([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        d = np.repeat(np.arange(len(counts)), counts)
        order = np.lexsort((self.z_order(x, y), d)) if spatial else rng.permutation(len(x))
        return x[order], y[order], d[order]

    def z_order(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x0, y0, x1, y1 = self.outline.bounds
        key = np.zeros(len(x), dtype=np.uint64)
        qx = ((x - x0) / (x1 - x0) * 0xFFFF).astype(np.uint64)
        qy = ((y - y0) / (y1 - y0) * 0xFFFF).astype(np.uint64)
        for bit in range(16):
            key |= ((qx >> np.uint64(bit)) & np.uint64(1)) << np.uint64(2 * bit)
            key |= ((qy >> np.uint64(bit)) & np.uint64(1)) << np.uint64(2 * bit + 1)
        return key

    def jitter(self, rng: np.random.Generator, x, y, metres: float):
        """Move each point up to `metres` at random; a point that would leave the district
        tiling stays where it was (which is inside)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        dx = rng.uniform(-metres, metres, len(x)) / (METRES_PER_DEGREE * np.cos(np.radians(y)))
        dy = rng.uniform(-metres, metres, len(x)) / METRES_PER_DEGREE
        nx, ny = np.round(x + dx, DECIMALS), np.round(y + dy, DECIMALS)
        d = self.locate(nx, ny)
        moved = d >= 0
        nx, ny = np.where(moved, nx, x), np.where(moved, ny, y)
        return nx, ny, np.where(moved, d, self.locate(nx, ny))


def allocate(total: int, weights) -> list[int]:
    """Split `total` in proportion to `weights` by largest remainder: deterministic, sums
    exactly, no randomness spent."""
    w = np.asarray(weights, dtype=float)
    exact = total * w / w.sum()
    counts = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - counts), kind="stable")[: total - counts.sum()]:
        counts[i] += 1
    return counts.tolist()


def ewkb(geoms) -> list[str]:
    """Hex EWKB with SRID 4326: PostGIS parses it faster than WKT and it carries the doubles
    exactly, so what the database stores is what was tested for containment."""
    return shapely.to_wkb(shapely.set_srid(np.asarray(geoms, dtype=object), 4326), hex=True, include_srid=True).tolist()


def points(x, y) -> np.ndarray:
    return shapely.points(np.asarray(x, dtype=float), np.asarray(y, dtype=float))


@cache
def changning() -> Geography:
    from .districts import DISTRICTS

    outline = boundary()
    return Geography(outline, tile(outline, [d.seed for d in DISTRICTS]))
