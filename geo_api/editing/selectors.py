import orjson
from django.db import connection
from psycopg import sql

from layers.geojson import feature_json
from layers.query import LayerQuery
from layers.registry import Layer


def feature_by_id(layer: Layer, feature_id: int, user=None) -> dict | None:
    """The feature as the layer publishes it (the same JSON /ogc serves), if this user sees it."""
    rows = LayerQuery.of(layer, user).id_is(feature_id).fetch(feature_json([p.name for p in layer.published]))
    return orjson.loads(rows[0][0]) if rows else None


def feature_version(layer: Layer, feature_id: int) -> str | None:
    """The row's version for optimistic locking: PostgreSQL's xmin changes on every update."""
    table = layer.model_class._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT xmin::text FROM {} WHERE id = %s").format(sql.Identifier(table)),
                       [feature_id])
        row = cursor.fetchone()
    return f'"{layer.id}-{feature_id}-{row[0]}"' if row else None
