import orjson
from django.db import connection
from psycopg import sql

from layers.geojson import feature_json
from layers.registry import Layer

from .models import FeatureChange


def feature_by_id(layer: Layer, feature_id: int) -> dict | None:
    """The feature as the layer publishes it (the same JSON /ogc serves)."""
    query = sql.SQL("SELECT {} FROM {} WHERE id = %s").format(
        feature_json([p.name for p in layer.published]), sql.Identifier(layer.view_name)
    )
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(query, [feature_id])
        row = cursor.fetchone()
    return orjson.loads(row[0]) if row else None


def changes_after(seq: int, layer_ids: set[str], limit: int = 500) -> list[dict]:
    rows = FeatureChange.objects.filter(id__gt=seq, layer__in=layer_ids).order_by("id")[:limit]
    return [change_message(c) for c in rows]


def last_seq() -> int:
    last = FeatureChange.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def change_message(change: FeatureChange) -> dict:
    return {"seq": change.id, "layer": change.layer, "id": change.feature_id, "action": change.action,
            "at": change.at.isoformat()}
