"""The timeline is append-only, like the audit log: the database itself refuses UPDATE and DELETE
of an entry, whatever route tries (ORM, admin, raw SQL)."""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onemap_timeline_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the timeline cannot be changed: add an entry instead' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER timeline_immutable BEFORE UPDATE OR DELETE ON timeline_timelineentry
  FOR EACH ROW EXECUTE FUNCTION onemap_timeline_immutable();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS timeline_immutable ON timeline_timelineentry;
DROP FUNCTION IF EXISTS onemap_timeline_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
