"""Databases made before the domain apps existed recorded their tables under the `onemap` app.
Migrating one of them would try to create tables that are already there; say what to do instead."""
from django.core.management.base import CommandError
from django.db import connection


def refuse_pre_split_schema(**kwargs) -> None:
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return
        cursor.execute("SELECT 1 FROM django_migrations WHERE app = 'onemap' LIMIT 1")
        if cursor.fetchone() is None:
            return
    raise CommandError(
        f"The database {connection.settings_dict['NAME']!r} was made by an earlier layout of this project "
        "(before the domain apps). It holds demo data only: drop it (`make clean-db`) or point DATABASE_URL "
        "at a new database, then run `make run` again.")
