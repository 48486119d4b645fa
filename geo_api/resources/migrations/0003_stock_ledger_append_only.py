"""The stock ledger is append-only, like the timeline and the audit log: the database itself refuses
UPDATE and DELETE of a movement, whatever route tries (ORM, admin, raw SQL). A correction is a new
movement (a stocktake adjustment).

Stock that existed before the ledger gets one opening-balance movement per line, so every quantity
is the sum of its movements from the start."""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onemap_stock_ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the stock ledger cannot be changed: record a new movement (e.g. a stocktake adjustment) instead'
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER stock_ledger_immutable BEFORE UPDATE OR DELETE ON onemap_stockmovement
  FOR EACH ROW EXECUTE FUNCTION onemap_stock_ledger_immutable();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS stock_ledger_immutable ON onemap_stockmovement;
DROP FUNCTION IF EXISTS onemap_stock_ledger_immutable();
"""
OPENING = """
INSERT INTO onemap_stockmovement (kind, warehouse_id, material_code, quantity, delta, balance_after, reason,
                                  actor_label, at)
SELECT 'opening', s.warehouse_id, s.material_code, s.quantity, s.quantity, s.quantity,
       'Opening balance: stock held before the ledger began', 'system', now()
FROM onemap_stockitem s
WHERE s.quantity > 0 AND NOT EXISTS (
  SELECT 1 FROM onemap_stockmovement m WHERE m.warehouse_id = s.warehouse_id AND m.material_code = s.material_code)
"""


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_stock_ledger")]

    operations = [
        migrations.RunSQL(OPENING, migrations.RunSQL.noop),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
