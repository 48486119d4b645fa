"""The position history is a PostgreSQL table partitioned by month on recorded_at, so it can grow
for years: old months are detached or dropped whole, queries by time touch only their months,
and the per-responder index stays small per partition.

`onemap_position_partitions(ahead)` (created by migration 0004) makes the partitions from the
current month to `ahead` months on; the beat job (schedules.py) calls it daily. Samples outside
every monthly partition (a phone's clock far off, history loaded from before the migration) land
in the default partition; when their month's partition is made they are moved into it, because
PostgreSQL refuses to attach a partition whose rows sit in the default one."""
from django.db import connection

FUNCTION = r"""
CREATE OR REPLACE FUNCTION onemap_position_partitions(ahead integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  month_start timestamptz; month_end timestamptz; part text; made integer := 0;
BEGIN
  FOR i IN 0..ahead LOOP
    month_start := date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + make_interval(months => i);
    month_end := month_start + interval '1 month';
    part := 'onemap_positionreport_' || to_char(month_start AT TIME ZONE 'UTC', '"y"YYYY"m"MM');
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    EXECUTE format('CREATE TABLE %I (LIKE onemap_positionreport INCLUDING DEFAULTS)', part);
    EXECUTE format('INSERT INTO %I SELECT * FROM onemap_positionreport_default '
                   'WHERE recorded_at >= %L AND recorded_at < %L', part, month_start, month_end);
    DELETE FROM onemap_positionreport_default WHERE recorded_at >= month_start AND recorded_at < month_end;
    EXECUTE format('ALTER TABLE onemap_positionreport ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   part, month_start, month_end);
    made := made + 1;
  END LOOP;
  RETURN made;
END $$;
"""

AHEAD_MONTHS = 2


def ensure_partitions(ahead: int = AHEAD_MONTHS) -> int:
    """Partitions for this month and the next `ahead`; answers how many were made."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT onemap_position_partitions(%s)", [ahead])
        return cursor.fetchone()[0]


def partitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = 'onemap_positionreport'::regclass ORDER BY c.relname")
        return [row[0] for row in cursor.fetchall()]
