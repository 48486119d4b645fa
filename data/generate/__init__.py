"""Deterministic demo data for Changning: the same seed, scale and reference instant give
byte-identical rows. `generate()` builds the tables (big ones lazily), `load()` writes them.

Layers run in this order; later ones read what earlier ones left in `Context.shared` (hazards
sit next to enterprises). Each is looked up by module name at call time.
"""
import importlib
from datetime import datetime

from django.db import connection, transaction

from geo_api.audit.services import bulk_load

from . import writer as db
from .base import DEFAULT_REFERENCE, DEFAULT_SEED, Context, Table

LAYERS = ("districts", "shelters", "warehouses", "resources", "enterprises", "hazards", "risk_zones", "cameras",
          "warnings", "events", "event_reports", "responders", "duty", "plans")
# Serialises concurrent loads (two deploys, two test workers) on one database.
LOCK_KEY = 310105


def generate(seed: int = DEFAULT_SEED, scale: int = 1, reference: datetime = DEFAULT_REFERENCE) -> list[Table]:
    ctx = Context(seed=seed, scale=scale, reference=reference)
    tables = []
    for name in LAYERS:
        tables += importlib.import_module(f"{__name__}.{name}").build(ctx)
    return tables


class AlreadyLoaded(Exception):
    pass


def load(seed: int = DEFAULT_SEED, scale: int = 1, reference: datetime = DEFAULT_REFERENCE,
         replace: bool = False) -> dict[str, int]:
    """Generate and write everything in one transaction, so a failure anywhere writes nothing.
    Returns rows written per model label. Raises AlreadyLoaded when streets exist and not
    `replace`."""
    from geo_api.reference.models import District

    with transaction.atomic(), connection.cursor() as cursor, bulk_load("manage.py load_demo_data") as record:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        # Check foreign keys as rows arrive (parents are written first) instead of at commit:
        # pending checks would block TRUNCATE and ALTER TABLE below, and a bad key now fails at
        # its own table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if District.objects.exists():
            if not replace:
                raise AlreadyLoaded(f"{District.objects.count()} streets are already loaded")
            db.delete_all(cursor)
        counts = {}
        tables = generate(seed, scale, reference)
        for table in tables:
            label = table.model._meta.label
            counts[label] = counts.get(label, 0) + db.copy(cursor, table, reference)
        models = list(dict.fromkeys(t.model for t in tables))
        db.reset_sequences(cursor, models)
        # Fresh planner statistics: without them a million new cameras look like an empty table.
        db.analyze(cursor, models)
        # The closed and archived events as they were worked: timeline, tracks, cases (casework.py).
        from .casework import work_finished_events

        counts.update(work_finished_events(seed=seed, reference=reference))
        record(counts)
    return counts


__all__ = ["DEFAULT_REFERENCE", "DEFAULT_SEED", "LAYERS", "AlreadyLoaded", "Context", "Table", "generate", "load"]
