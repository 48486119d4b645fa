"""The audit trigger: every INSERT, UPDATE and DELETE on an audited table writes an AuditEntry
with the old and new values of the changed columns, the actor and the route, which the request
middleware puts in the session settings `onemap.actor` / `onemap.route`.

It also raises `pg_notify('onemap_changes', {seq, table, id, action})` for geo_api/live, so every
writer (API, /ogc, admin, raw SQL, feeds, workflow services) is pushed to live clients without
calling anything. NOTIFY is transactional: delivered on commit, dropped on rollback. The payload
stays tiny (a table name, a primary key, an audit id; PostgreSQL's limit is 8000 bytes). Bulk loads
write no per-row entries; a statement-level trigger notifies one `reload` per table instead
(PostgreSQL folds identical payloads of one transaction into one), TRUNCATE included.

A model written at a high rate may name its own function (`audit_function`), created by its app's
migration, that writes the same entry and the same NOTIFY faster for its known columns
(responders.ResponderPosition: onemap_audit_position, 1 Hz per phone). Until that function exists
(a database migrated back) the table keeps the generic one."""
from django.apps import apps
from django.conf import settings
from django.db import connection
from psycopg import sql

FUNCTION = """
CREATE OR REPLACE FUNCTION onemap_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb; new_row jsonb; changed jsonb; pk text; seq bigint;
BEGIN
  IF current_setting('onemap.audit', true) = 'bulk-load' THEN
    RETURN NULL;  -- audit.services.bulk_load records the whole load as one entry
  END IF;
  IF TG_OP = 'INSERT' THEN
    new_row := to_jsonb(NEW); pk := new_row->>'id';
    SELECT jsonb_object_agg(key, jsonb_build_object('new', value)) INTO changed FROM jsonb_each(new_row);
  ELSIF TG_OP = 'UPDATE' THEN
    old_row := to_jsonb(OLD); new_row := to_jsonb(NEW); pk := new_row->>'id';
    SELECT jsonb_object_agg(n.key, jsonb_build_object('old', o.value, 'new', n.value)) INTO changed
      FROM jsonb_each(new_row) n JOIN jsonb_each(old_row) o USING (key) WHERE n.value IS DISTINCT FROM o.value;
    IF changed IS NULL THEN RETURN NULL; END IF;
  ELSE
    old_row := to_jsonb(OLD); pk := old_row->>'id';
    SELECT jsonb_object_agg(key, jsonb_build_object('old', value)) INTO changed FROM jsonb_each(old_row);
  END IF;
  INSERT INTO audit_auditentry (table_name, row_pk, action, changes, actor, route, at)
  VALUES (TG_TABLE_NAME, pk, lower(TG_OP), changed,
          coalesce(nullif(current_setting('onemap.actor', true), ''), 'system:' || session_user),
          nullif(current_setting('onemap.route', true), ''), clock_timestamp())
  RETURNING id INTO seq;
  PERFORM pg_notify('onemap_changes', json_build_object(
    'seq', seq, 'table', TG_TABLE_NAME, 'id', left(pk, 64), 'action', lower(TG_OP))::text);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION onemap_live_reload() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' OR current_setting('onemap.audit', true) = 'bulk-load' THEN
    PERFORM pg_notify('onemap_changes', json_build_object('table', TG_TABLE_NAME, 'action', 'reload')::text);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION onemap_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log cannot be changed' USING ERRCODE = 'insufficient_privilege';
END $$;
"""


def audited_models() -> list:
    # A model may opt out with `audit_excluded = True` (a high-rate append-only history, e.g. positions).
    return sorted((model for app in settings.AUDITED_APPS for model in apps.get_app_config(app).get_models()
                   if model._meta.managed and not getattr(model, "audit_excluded", False)),
                  key=lambda model: model._meta.db_table)


def attach() -> list[str]:
    models = audited_models()
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        functions = {}
        for model in models:
            own = getattr(model, "audit_function", None)
            if own:
                cursor.execute("SELECT to_regproc(%s) IS NOT NULL", [own])
                own = own if cursor.fetchone()[0] else None
            functions[model._meta.db_table] = own or "onemap_audit"
        cursor.execute(
            "CREATE OR REPLACE TRIGGER audit_immutable BEFORE UPDATE OR DELETE ON audit_auditentry "
            "FOR EACH ROW EXECUTE FUNCTION onemap_audit_immutable()"
        )
        for table in tables:
            # WHEN: a bulk load's rows are not even queued for the function (which would return at
            # once): a million-row import saves a million trigger calls; its one entry is bulk_load's.
            cursor.execute(sql.SQL(
                "CREATE OR REPLACE TRIGGER onemap_audit AFTER INSERT OR UPDATE OR DELETE ON {} FOR EACH ROW "
                "WHEN (current_setting('onemap.audit', true) IS DISTINCT FROM 'bulk-load') "
                "EXECUTE FUNCTION {}()").format(sql.Identifier(table), sql.Identifier(functions[table])))
            cursor.execute(sql.SQL(
                "CREATE OR REPLACE TRIGGER onemap_live_reload AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                "ON {} FOR EACH STATEMENT EXECUTE FUNCTION onemap_live_reload()").format(sql.Identifier(table)))
    return tables


def attach_after_migrate(**kwargs) -> None:
    attach()
