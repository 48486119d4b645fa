"""The demo loader replaces every demo table inside one audited bulk load (audit.services.bulk_load
sets `onemap.audit = 'bulk-load'`). When TRUNCATE is refused (another app's rows point at demo
rows) it deletes children first, which the append-only ledger refused, so a reload failed. The
ledger stays append-only for everything else; the bulk load itself is recorded in the audit log."""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onemap_stock_ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('onemap.audit', true) = 'bulk-load' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the stock ledger cannot be changed: record a new movement (e.g. a stocktake adjustment) instead'
    USING ERRCODE = 'insufficient_privilege';
END $$;
"""
BACKWARD = """
CREATE OR REPLACE FUNCTION onemap_stock_ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the stock ledger cannot be changed: record a new movement (e.g. a stocktake adjustment) instead'
    USING ERRCODE = 'insufficient_privilege';
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("resources", "0003_stock_ledger_append_only")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
