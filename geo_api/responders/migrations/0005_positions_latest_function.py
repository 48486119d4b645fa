"""onemap_positions_latest(...): the latest position of many responders, one upsert each, each
under its own audit actor and route.

The group commit (responders/ingest.py) writes many people's samples in one transaction. The
audit trigger (AFTER ROW, geo_api/audit/triggers.py) reads the actor from the session setting
`onemap.actor` when the statement ends, so one multi-row upsert would record every row under the
last actor. Here each responder's row is its own statement, preceded by a transaction-local
set_config of that row's actor and route; a NULL actor keeps the connection's own (the request
middleware's, for the ordinary view). One round trip for all, plans cached by PL/pgSQL."""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onemap_positions_latest(
  actors text[], routes text[], responder_ids bigint[], recorded timestamptz[], lons float8[], lats float8[],
  accuracies float8[], speeds float8[], headings float8[], events bigint[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  moved integer := 0; n integer;
BEGIN
  FOR i IN 1..coalesce(array_length(responder_ids, 1), 0) LOOP
    IF actors[i] IS NOT NULL THEN
      PERFORM set_config('onemap.actor', actors[i], true), set_config('onemap.route', coalesce(routes[i], ''), true);
    END IF;
    INSERT INTO onemap_responderposition (responder_id, recorded_at, geom, accuracy_m, speed_mps, heading, event_id)
    VALUES (responder_ids[i], recorded[i], ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326), accuracies[i],
            speeds[i], headings[i], events[i])
    ON CONFLICT (responder_id) DO UPDATE SET recorded_at = EXCLUDED.recorded_at, geom = EXCLUDED.geom,
      accuracy_m = EXCLUDED.accuracy_m, speed_mps = EXCLUDED.speed_mps, heading = EXCLUDED.heading,
      event_id = EXCLUDED.event_id
    WHERE onemap_responderposition.recorded_at < EXCLUDED.recorded_at;
    GET DIAGNOSTICS n = ROW_COUNT;
    moved := moved + n;
  END LOOP;
  RETURN moved;
END $$;
"""

BACKWARD = ("DROP FUNCTION IF EXISTS onemap_positions_latest(text[], text[], bigint[], timestamptz[], float8[], "
            "float8[], float8[], float8[], float8[], bigint[])")


class Migration(migrations.Migration):
    dependencies = [("responders", "0004_partitioned_history")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
