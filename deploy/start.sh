#!/bin/sh
# The application container's start command (Dockerfile CMD); the production smoke test runs it too.
# Builds everything the database and the file system need, then serves HTTP and WebSockets:
#   migrate          schema, layer views, role groups, audit triggers, the tile reader role's grants
#   compilemessages  the Chinese translations
#   collectstatic    the built map client and admin assets into STATIC_ROOT (served by nginx)
# Environment: HOST (0.0.0.0), PORT (8000), WORKERS (4), FORWARDED_ALLOW_IPS ('*': the
# application port is reachable from the proxy only) and the settings' own (production.py).
set -eu
cd "$(dirname "$0")/.."
python manage.py migrate --noinput
python manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=node_modules >/dev/null
python manage.py collectstatic --noinput >/dev/null
exec uvicorn geo_api.asgi:application --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
  --workers "${WORKERS:-4}" --proxy-headers --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
  --no-server-header
