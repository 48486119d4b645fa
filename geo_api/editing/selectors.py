import orjson
from django.db import connection
from psycopg import sql

from geo_api.audit.models import AuditEntry
from layers.geojson import feature_json
from layers.query import LayerQuery
from layers.registry import Layer

ACTIONS = {"insert": "created", "update": "updated", "delete": "deleted"}


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


def _tables(layers) -> dict[str, list[str]]:
    out = {}
    for layer in layers:
        out.setdefault(layer.model_class._meta.db_table, []).append(layer.id)
    return out


def changes_after(seq: int, layers, limit: int = 500) -> list[dict]:
    """Writes to the tables behind these layers after `seq`, whatever route made them."""
    tables = _tables(layers)
    entries = AuditEntry.objects.filter(id__gt=seq, table_name__in=tables).order_by("id")[:limit]
    return [change_message(entry, layer_id) for entry in entries for layer_id in tables[entry.table_name]]


def last_seq() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def change_message(entry: AuditEntry, layer_id: str) -> dict:
    return {"seq": entry.id, "layer": layer_id, "id": int(entry.row_pk), "action": ACTIONS[entry.action],
            "at": entry.at.isoformat()}
