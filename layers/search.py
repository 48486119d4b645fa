"""Search by name across every layer this user may read (the wall's search box)."""
from psycopg import sql

from .access import readable_layers
from .query import LayerQuery


def search(user, text: str, limit: int = 10) -> list[dict]:
    """Features whose title contains the text, shortest titles first."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    results = []
    for layer in readable_layers(user):
        title = sql.Identifier(layer.title_property)
        rows = LayerQuery.of(layer, user).where(sql.SQL("{} ILIKE %s").format(title), pattern).fetch(
            sql.SQL("id, {t}, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))").format(t=title),
            order=sql.SQL("length({t}), id").format(t=title), limit=limit)
        for fid, name, lon, lat in rows:
            results.append({"layer": layer.id, "layer_title": {"zh": layer.title_zh, "en": layer.title_en},
                            "id": fid, "title": name, "lon": lon, "lat": lat})
    results.sort(key=lambda r: (len(r["title"]), r["layer"], r["id"]))
    return results[:limit]
