from django.db import connection

from layers.registry import load_catalog

LAYER_IDS = [layer.id for layer in load_catalog().all()]
PUBLIC_IDS = [layer.id for layer in load_catalog().all() if layer.access == "public"]


# Each layer's published rows, counted from its base table with the layer's rule written out here
# again, not read from the view under test (a wrong view definition must not cancel out).
BASE_ROWS = {
    "districts": ("onemap_district", "TRUE"),
    "shelters": ("onemap_shelter", "TRUE"),
    "shelter_coverage": ("onemap_district", "TRUE"),
    "shelter_rectifications": ("onemap_shelter_rectification", "TRUE"),
    "warehouses": ("onemap_warehouse", "TRUE"),
    "resources": ("onemap_resource", "retired_at IS NULL"),  # retired resources leave the map
    "hazards": ("onemap_hazard", "TRUE"),
    "enterprises": ("onemap_enterprise", "TRUE"),
    "risk_zones": ("onemap_riskzone", "TRUE"),
    "cameras": ("onemap_camera", "TRUE"),
    "warnings": ("onemap_warning", "TRUE"),
    "events": ("onemap_event", "NOT is_drill"),  # drills never reach the published layer
    "personnel_positions": ("onemap_responderposition t",
                            "NOT EXISTS (SELECT 1 FROM onemap_event e WHERE e.id = t.event_id AND e.is_drill)"),
}


def db_count(layer_id, where="TRUE", params=()):
    """Rows of the layer in its base table (BASE_ROWS), narrowed by `where` over its columns."""
    table, rule = BASE_ROWS[layer_id]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE ({rule}) AND ({where})", params)
        return cursor.fetchone()[0]


def all_pages(client, url, limit_guard=1000):
    """Follow `next` links to the end; returns (features, number of pages)."""
    features, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        features += body["features"]
        pages += 1
        assert pages < limit_guard
        nxt = [link["href"] for link in body["links"] if link["rel"] == "next"]
        url = nxt[0].replace("http://testserver", "") if nxt else None
    return features, pages


def tile_of(lon, lat, z):
    import math

    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    lat_r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(lat_r)) / math.pi) / 2.0 * n)
    return x, y
