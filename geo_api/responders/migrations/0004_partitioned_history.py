"""onemap_positionreport becomes a table partitioned by month on recorded_at (partitions.py).

Primary key (id, recorded_at): PostgreSQL wants the partition key in every unique constraint.
Django keeps `id` as its primary key; ids come from one sequence, so they stay unique.
A later change to the PositionReport model needs a hand-written migration like this one.
The audit trigger leaves this table out (PositionReport.audit_excluded): 1 Hz samples would double
every write into the audit log; the latest position table stays audited and feeds live updates."""
from django.db import migrations

from geo_api.responders.partitions import AHEAD_MONTHS, FUNCTION

FORWARD = """
DROP TRIGGER IF EXISTS onemap_audit ON onemap_positionreport;
DROP TRIGGER IF EXISTS onemap_live_reload ON onemap_positionreport;
ALTER TABLE onemap_positionreport RENAME TO onemap_positionreport_unpartitioned;
ALTER INDEX position_report_latest RENAME TO position_report_latest_unpartitioned;
CREATE SEQUENCE onemap_position_history_id_seq;
SELECT setval('onemap_position_history_id_seq', coalesce((SELECT max(id) FROM onemap_positionreport_unpartitioned), 0) + 1, false);
CREATE TABLE onemap_positionreport (
    id bigint NOT NULL DEFAULT nextval('onemap_position_history_id_seq'),
    recorded_at timestamptz NOT NULL,
    accuracy_m double precision NULL,
    speed_mps double precision NULL,
    heading double precision NULL,
    geom geometry(Point, 4326) NOT NULL,
    responder_id bigint NOT NULL REFERENCES onemap_responder (id) DEFERRABLE INITIALLY DEFERRED,
    flag varchar(20) NOT NULL DEFAULT '',
    event_id bigint NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);
ALTER SEQUENCE onemap_position_history_id_seq OWNED BY onemap_positionreport.id;
CREATE TABLE onemap_positionreport_default PARTITION OF onemap_positionreport DEFAULT;
CREATE INDEX position_report_latest ON onemap_positionreport (responder_id, recorded_at DESC);
CREATE INDEX position_report_event ON onemap_positionreport (event_id, recorded_at) WHERE event_id IS NOT NULL;
INSERT INTO onemap_positionreport (id, recorded_at, accuracy_m, speed_mps, heading, geom, responder_id, flag, event_id, received_at)
    SELECT id, recorded_at, accuracy_m, speed_mps, heading, geom, responder_id, flag, event_id, received_at
    FROM onemap_positionreport_unpartitioned;
DROP TABLE onemap_positionreport_unpartitioned;
"""


class Migration(migrations.Migration):
    dependencies = [("responders", "0003_check_in")]

    operations = [
        migrations.RunSQL(FORWARD, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(FUNCTION, reverse_sql="DROP FUNCTION IF EXISTS onemap_position_partitions(integer)"),
        migrations.RunSQL(f"SELECT onemap_position_partitions({AHEAD_MONTHS})", reverse_sql=migrations.RunSQL.noop),
    ]
