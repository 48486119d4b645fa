from django.db import connection

from layers.registry import load_catalog

LAYER_IDS = [layer.id for layer in load_catalog().all()]
PUBLIC_IDS = [layer.id for layer in load_catalog().all() if layer.access == "public"]


def db_count(layer_id, where="TRUE", params=()):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "layer_{layer_id}" WHERE {where}', params)
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
