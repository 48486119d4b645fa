"""onemap_audit_position(): the audit trigger of onemap_responderposition, the latest-position row
every phone moves once a second (bench/positions.py).

It writes the same entry as the generic onemap_audit() (geo_api/audit/triggers.py): the same
columns, the same `changes` JSON ({column: {old, new}} for the changed columns, every column on an
insert or delete), the same actor and route, the same NOTIFY for the live hub. Only how it is built
differs. The generic function turns whole rows into JSON with to_jsonb(row), which converts the
geometry through PostGIS's json cast by a slow generic path (~50 us a value, two a row), then
diffs them with jsonb_each in a query: ~220 us of PostgreSQL time per sample, most of it in the
trigger. Here the columns are named and the geometry is cast directly (geom::jsonb, the same
GeoJSON): ~20-40 us. tests/positions/test_audit_trigger.py checks that both write the same entry,
so a column added to the table without being added here fails there.

attach() (geo_api/audit/triggers.py) puts it on the table because the model names it
(ResponderPosition.audit_function)."""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onemap_audit_position() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb := '{}'; o jsonb; n jsonb; k text; pk text; seq bigint;
BEGIN
  IF current_setting('onemap.audit', true) = 'bulk-load' THEN
    RETURN NULL;  -- audit.services.bulk_load records the whole load as one entry
  END IF;
  IF TG_OP <> 'INSERT' THEN
    o := jsonb_build_object('id', OLD.id, 'recorded_at', OLD.recorded_at, 'accuracy_m', OLD.accuracy_m,
      'speed_mps', OLD.speed_mps, 'heading', OLD.heading, 'geom', OLD.geom::jsonb,
      'responder_id', OLD.responder_id, 'event_id', OLD.event_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    n := jsonb_build_object('id', NEW.id, 'recorded_at', NEW.recorded_at, 'accuracy_m', NEW.accuracy_m,
      'speed_mps', NEW.speed_mps, 'heading', NEW.heading, 'geom', NEW.geom::jsonb,
      'responder_id', NEW.responder_id, 'event_id', NEW.event_id);
  END IF;
  FOREACH k IN ARRAY ARRAY['id', 'recorded_at', 'accuracy_m', 'speed_mps', 'heading', 'geom', 'responder_id', 'event_id'] LOOP
    IF TG_OP = 'INSERT' THEN
      changed := changed || jsonb_build_object(k, jsonb_build_object('new', n->k));
    ELSIF TG_OP = 'DELETE' THEN
      changed := changed || jsonb_build_object(k, jsonb_build_object('old', o->k));
    ELSIF (n->k) IS DISTINCT FROM (o->k) THEN
      changed := changed || jsonb_build_object(k, jsonb_build_object('old', o->k, 'new', n->k));
    END IF;
  END LOOP;
  IF changed = '{}' THEN RETURN NULL; END IF;  -- an update that changed nothing, as the generic one
  pk := coalesce(n, o)->>'id';
  INSERT INTO audit_auditentry (table_name, row_pk, action, changes, actor, route, at)
  VALUES (TG_TABLE_NAME, pk, lower(TG_OP), changed,
          coalesce(nullif(current_setting('onemap.actor', true), ''), 'system:' || session_user),
          nullif(current_setting('onemap.route', true), ''), clock_timestamp())
  RETURNING id INTO seq;
  PERFORM pg_notify('onemap_changes', json_build_object(
    'seq', seq, 'table', TG_TABLE_NAME, 'id', left(pk, 64), 'action', lower(TG_OP))::text);
  RETURN NULL;
END $$;
"""

# The generic trigger is put back on the table by attach() once the function is gone.
BACKWARD = "DROP FUNCTION IF EXISTS onemap_audit_position() CASCADE"


class Migration(migrations.Migration):
    dependencies = [("responders", "0005_positions_latest_function")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
