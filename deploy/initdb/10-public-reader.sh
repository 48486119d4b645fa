#!/bin/sh
# Runs once when the PostGIS container initialises its data directory: the role pg_tileserv
# connects as. The application grants it SELECT on public layer views at every migrate.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE onemap_public_reader LOGIN PASSWORD '${TILESERV_PASSWORD}';
SQL
