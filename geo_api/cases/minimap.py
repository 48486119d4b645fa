"""The small map of a case page, drawn on the server as SVG: the street's outline, the event,
the responders' tracks and the report locations. It needs no script and no tiles, prints, and
shows the record as it was kept (the case snapshot)."""
from __future__ import annotations

import math

WIDTH, HEIGHT, PAD = 480, 320, 16


def _points(case) -> list[tuple[float, float]]:
    snap = case.snapshot or {}
    pts = [(case.geom.x, case.geom.y)]
    for r in snap.get("responders", []):
        pts += [(p["lon"], p["lat"]) for p in r.get("track", []) if p.get("lon") is not None]
    pts += [(r["lon"], r["lat"]) for r in snap.get("reports", []) if r.get("lon") is not None]
    return pts


def case_minimap(case) -> dict:
    """{"width", "height", "outline": path d, "event": (x, y), "tracks": [path d], "reports": [(x, y)]}."""
    snap = case.snapshot or {}
    pts = _points(case)
    outline_rings = []
    if case.district_id and case.district is not None:
        geom = case.district.geom
        for polygon in (geom if geom.geom_type == "MultiPolygon" else [geom]):
            outline_rings.append(list(polygon.exterior_ring.coords))
            pts += list(polygon.exterior_ring.coords)[::10]
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    minx, maxx, miny, maxy = min(lons), max(lons), min(lats), max(lats)
    # At least ~1 km across, and metres the same in x and y (cos of the latitude).
    kx = math.cos(math.radians((miny + maxy) / 2))
    span = max((maxx - minx) * kx, maxy - miny, 0.01)
    scale = min(WIDTH - 2 * PAD, HEIGHT - 2 * PAD) / span
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2

    def xy(lon, lat):
        return (round(WIDTH / 2 + (lon - cx) * kx * scale, 1), round(HEIGHT / 2 - (lat - cy) * scale, 1))

    def path(coords):
        return "M" + " L".join(f"{x},{y}" for x, y in (xy(*c[:2]) for c in coords))

    tracks = [{"name": r.get("name", ""), "d": path([(p["lon"], p["lat"]) for p in r["track"]])}
              for r in snap.get("responders", []) if len(r.get("track", [])) > 1]
    return {"width": WIDTH, "height": HEIGHT, "outline": [path(ring) + " Z" for ring in outline_rings],
            "event": xy(case.geom.x, case.geom.y), "tracks": tracks,
            "reports": [xy(r["lon"], r["lat"]) for r in snap.get("reports", []) if r.get("lon") is not None]}
