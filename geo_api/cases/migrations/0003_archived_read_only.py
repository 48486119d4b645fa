"""An archived event and its case are read-only, in the database itself (issue 10 item 5): triggers
refuse UPDATE and DELETE of an archived case and of an archived event's row, and any INSERT,
UPDATE or DELETE of what hangs off an archived event (reports, attachments, plan tasks,
instructions and their deliveries, command sessions, check-ins), whatever route tries — a
service, a generic layer edit, OGC Part 4, the admin, a bulk update() or raw SQL. The event's
timeline is already append-only for everyone (timeline 0002).

The refusal carries SQLSTATE OMA01 and the event's code as DETAIL: geo_api/cases/guard.py turns it
into a 409 with a message in the reader's language. Services check first and say the same, so the
trigger is the floor, not the usual path. The demo loader (a bulk load, `onemap.audit` = 'bulk-load')
may still write an archived event's reports and delete on reload, as for the stock ledger
(resources 0004)."""
from django.db import migrations

# The rows of an event that freeze with it, each naming it by `event_id`.
CHILDREN = ("onemap_event_report", "onemap_event_attachment", "tasks_task", "onemap_instruction",
            "onemap_instruction_delivery", "onemap_command_session", "onemap_checkin")

FUNCTIONS = """
CREATE OR REPLACE FUNCTION onemap_refuse_archived(event_code text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event % is archived: it and its case are read-only', event_code
    USING ERRCODE = 'OMA01', DETAIL = event_code;
END $$;

CREATE OR REPLACE FUNCTION onemap_bulk_load() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT COALESCE(current_setting('onemap.audit', true) = 'bulk-load', false)  -- unset is NULL
$$;

CREATE OR REPLACE FUNCTION onemap_case_archived_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.archived_at IS NOT NULL AND NOT (TG_OP = 'DELETE' AND onemap_bulk_load()) THEN
    PERFORM onemap_refuse_archived(OLD.code);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION onemap_event_archived_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The stored row decides: the archive transition itself updates an event that was closed.
  IF OLD.status = 'archived' AND NOT (TG_OP = 'DELETE' AND onemap_bulk_load()) THEN
    PERFORM onemap_refuse_archived(OLD.code);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION onemap_event_child_archived_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  found text;
BEGIN
  IF onemap_bulk_load() THEN  -- the demo loader writes and deletes archived events' reports
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  -- The event the row leaves (UPDATE, DELETE) and the one it joins (INSERT, UPDATE).
  SELECT code INTO found FROM onemap_event WHERE status = 'archived' AND id IN (
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.event_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.event_id END) LIMIT 1;
  IF found IS NOT NULL THEN
    PERFORM onemap_refuse_archived(found);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER case_archived_read_only BEFORE UPDATE OR DELETE ON cases_case
  FOR EACH ROW EXECUTE FUNCTION onemap_case_archived_guard();
CREATE TRIGGER event_archived_read_only BEFORE UPDATE OR DELETE ON onemap_event
  FOR EACH ROW EXECUTE FUNCTION onemap_event_archived_guard();
"""


def forward() -> str:
    return FUNCTIONS + "".join(
        f"CREATE TRIGGER archived_event_read_only BEFORE INSERT OR UPDATE OR DELETE ON {table}\n"
        f"  FOR EACH ROW EXECUTE FUNCTION onemap_event_child_archived_guard();\n" for table in CHILDREN)


def backward() -> str:
    return "".join(f"DROP TRIGGER IF EXISTS archived_event_read_only ON {table};\n" for table in CHILDREN) + """
DROP TRIGGER IF EXISTS event_archived_read_only ON onemap_event;
DROP TRIGGER IF EXISTS case_archived_read_only ON cases_case;
DROP FUNCTION IF EXISTS onemap_event_child_archived_guard();
DROP FUNCTION IF EXISTS onemap_event_archived_guard();
DROP FUNCTION IF EXISTS onemap_case_archived_guard();
DROP FUNCTION IF EXISTS onemap_bulk_load();
DROP FUNCTION IF EXISTS onemap_refuse_archived(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_responder_ids"),
        ("incidents", "0003_intake_reports_upward"),
        ("tasks", "0002_remediation_from_warning"),
        ("command", "0001_initial"),
        ("responders", "0005_positions_latest_function"),
    ]

    operations = [migrations.RunSQL(forward(), backward())]
