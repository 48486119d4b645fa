#!/bin/sh
# The application container's start command (Dockerfile CMD); the production smoke test runs it too.
# Builds everything the database and the file system need (deploy/prepare.py: migrate — schema,
# layer views, role groups, audit triggers, the tile reader role's grants —, compilemessages,
# collectstatic into STATIC_ROOT, which nginx serves), then serves HTTP and WebSockets.
# Environment: HOST (0.0.0.0), PORT (8000), WORKERS (4), FORWARDED_ALLOW_IPS ('*': the
# application port is reachable from the proxy only) and the settings' own (production.py).
set -eu
cd "$(dirname "$0")/.."
python deploy/prepare.py
exec uvicorn geo_api.asgi:application --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
  --workers "${WORKERS:-4}" --proxy-headers --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
  --no-server-header
