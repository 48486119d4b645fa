#!/usr/bin/env bash
# Makes sure PostgreSQL (with PostGIS) and Redis answer, then prints the URLs to use.
# Uses DATABASE_URL / REDIS_URL when set; reuses a server that answers; otherwise starts one.
set -euo pipefail
log() { echo "$*" >&2; }

DB_URL="${DATABASE_URL:-postgis://postgres@127.0.0.1:5432/onemap}"
REDIS="${REDIS_URL:-redis://127.0.0.1:6379/0}"
pg_uri="${DB_URL/#postgis:/postgresql:}"
admin_uri="${pg_uri%/*}/postgres"
db_name="${pg_uri##*/}"; db_name="${db_name%%\?*}"

if ! pg_isready -q -d "$admin_uri" 2>/dev/null; then
  if [ -n "${DATABASE_URL:-}" ]; then
    log "DATABASE_URL is set but its server does not answer: $DATABASE_URL"; exit 1
  fi
  log "== postgres: starting the local cluster"
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -z "$version" ]; then
    pg_createcluster 15 main >&2
    version=15
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  # A fresh Debian cluster only allows peer auth over the socket: let the local postgres role in
  # over TCP from this machine, which is what trust auth on 127.0.0.1 means for a dev box.
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! grep -q "onemap-local-trust" "$hba"; then
    sed -i '1i host all postgres 127.0.0.1/32 trust # onemap-local-trust\nhost all postgres ::1/128 trust # onemap-local-trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload >&2
  fi
  for _ in $(seq 30); do pg_isready -q -d "$admin_uri" && break; sleep 1; done
  pg_isready -q -d "$admin_uri" || { log "PostgreSQL did not start"; exit 1; }
fi
if ! psql "$admin_uri" -tAc "select 1 from pg_database where datname='$db_name'" | grep -q 1; then
  log "== postgres: creating database $db_name"
  psql "$admin_uri" -qc "create database \"$db_name\""
fi
psql "${pg_uri}" -qc "create extension if not exists postgis" >&2

redis_host=$(echo "$REDIS" | sed -E 's#redis://([^:/]+).*#\1#'); redis_port=$(echo "$REDIS" | sed -E 's#redis://[^:/]+:?([0-9]*).*#\1#')
redis_port=${redis_port:-6379}
if ! redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1; then
  if [ -n "${REDIS_URL:-}" ]; then log "REDIS_URL is set but its server does not answer: $REDIS_URL"; exit 1; fi
  log "== redis: starting a local server"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/onemap.log >&2
  for _ in $(seq 20); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
echo "export DATABASE_URL='$DB_URL' REDIS_URL='$REDIS'"
