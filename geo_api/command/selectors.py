"""Reads for the command map. Distances are computed by PostGIS on the geography type (metres on
the ellipsoid), never in the browser."""
from psycopg import sql

from layers.access import can_read
from layers.query import LayerQuery
from layers.registry import load_catalog

NEARBY_LAYERS = ("resources", "shelters", "warehouses", "cameras", "enterprises", "hazards")
RINGS_M = (500, 1000, 3000)


def nearby(user, lon: float, lat: float, radius_m: float, limit: int) -> dict:
    """The nearest features of each command layer this user may read, within radius_m."""
    out = {}
    for layer_id in NEARBY_LAYERS:
        layer = load_catalog().get(layer_id)
        if not can_read(user, layer):
            continue
        columns = sql.SQL(
            "id, {title}, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) AS d, "
            "ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))"
        ).format(title=sql.Identifier(layer.title_property))
        rows = LayerQuery.of(layer, user).within_m(lon, lat, radius_m).fetch(
            columns, before=(lon, lat), order="d, id", limit=limit)
        out[layer_id] = [
            {"id": fid, "title": title, "distance_m": round(d, 1), "lon": x, "lat": y}
            for fid, title, d, x, y in rows
        ]
    return out
