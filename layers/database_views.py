"""Slim per-layer views: one `layer_<id>` view per registry entry carrying only `id`, the
published properties and `geom`. Tiles and OGC features both read these, so nothing unpublished
can leak through either."""
from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from .registry import Layer, load_catalog


def view_sql(layer: Layer, source: sql.Composable | None = None) -> sql.Composed:
    """The SELECT behind a layer's view. Expressions come from the registry (server code), never
    from a request. `source` replaces the table (aliased `t`) with rows of its type, e.g. a row as
    it was before a change (geo_api/live decides who saw a deleted row)."""
    table = layer.model_class._meta.db_table
    pk = layer.model_class._meta.pk.column
    geom = layer.geometry_field.column
    columns = [sql.SQL("t.{} AS id").format(sql.Identifier(pk))]
    columns += [sql.SQL("{} AS {}").format(sql.SQL(p.sql), sql.Identifier(p.name)) for p in layer.published]
    columns.append(sql.SQL("t.{} AS geom").format(sql.Identifier(geom)))
    query = sql.SQL("SELECT {cols} FROM {table} t {joins}").format(
        cols=sql.SQL(", ").join(columns), table=source or sql.Identifier(table), joins=sql.SQL(layer.joins)
    )
    if layer.where:
        query += sql.SQL(" WHERE ") + sql.SQL(layer.where)
    return query


@transaction.atomic
def sync_layer_views() -> list[str]:
    """Drop and recreate every layer view in one transaction (a view's columns cannot be
    altered in place); drop views of layers that left the registry."""
    registry = load_catalog()
    wanted = {layer.view_name: layer for layer in registry.all()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.views "
            "WHERE table_schema = current_schema() AND table_name LIKE 'layer\\_%%'"
        )
        existing = {row[0] for row in cursor.fetchall()}
        for name in existing | set(wanted):
            cursor.execute(sql.SQL("DROP VIEW IF EXISTS {} CASCADE").format(sql.Identifier(name)))
        for name, layer in wanted.items():
            cursor.execute(sql.SQL("CREATE VIEW {} AS ").format(sql.Identifier(name)) + view_sql(layer))
        _grant_public_reader(cursor, wanted.values())
    return sorted(wanted)


def _grant_public_reader(cursor, layers) -> None:
    """pg_tileserv (docker-compose) connects as a role that may read the views of public layers
    only, so it can never serve what /ogc would refuse an anonymous user."""
    role = settings.PUBLIC_READER_ROLE
    if not _ensure_role(cursor, role):
        return
    for layer in layers:
        statement = "GRANT SELECT ON {} TO {}" if layer.access == "public" else "REVOKE ALL ON {} FROM {}"
        cursor.execute(sql.SQL(statement).format(sql.Identifier(layer.view_name), sql.Identifier(role)))


def sync_after_migrate(**kwargs) -> None:
    sync_layer_views()


def _ensure_role(cursor, role) -> bool:
    """The reader role exists after every migrate. Created without LOGIN: the deployment gives it
    a password (deploy/initdb). A database owner without CREATEROLE skips it and says so."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is not None:
        return True
    cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        import logging

        logging.getLogger(__name__).warning(
            "cannot create the database role %s (no CREATEROLE); pg_tileserv will not be able to read", role)
        return False
    cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    return True
