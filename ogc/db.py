"""Providers run inside the Django request, so they share Django's connection: the same
transaction (tests see their own fixtures), the same pooling (CONN_MAX_AGE) and no second pool
to size. The raw psycopg cursor skips Django's wrapper on the hot path."""
from django.db import connection


def raw_cursor():
    connection.ensure_connection()
    return connection.connection.cursor()
