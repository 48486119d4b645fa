# The two commands: `make run` (the platform with demo data) and `make test` (the whole suite).
# Both install what is missing, start or reuse PostgreSQL/PostGIS and Redis, and are safe to rerun.
SHELL := /bin/bash
PORT ?= 8000
HOST ?= 127.0.0.1
PY := .venv/bin/python
SERVICES = eval "$$(bash scripts/services.sh)"

.PHONY: run test setup prepare client bench clean-db

setup:
	bash scripts/bootstrap.sh

# Schema, derived layer views, translations and the built client: everything but the data.
prepare: setup
	$(SERVICES) && $(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv >/dev/null
	@if [ -f map_client/package.json ]; then (cd map_client && npm run build --silent); fi
	$(PY) manage.py collectstatic --noinput >/dev/null

# The web server, a Celery worker and beat (Procfile, run by honcho); Ctrl-C stops all three.
# HOST and PORT reach the application: links are written with the host and port you asked for.
run: prepare
	$(SERVICES) && $(PY) manage.py load_demo_data
	$(SERVICES) && $(PY) manage.py create_demo_accounts
	@echo "Sign in at http://$(HOST):$(PORT)/accounts/login/ with one of the accounts above."
	@echo "One-Map: http://$(HOST):$(PORT)/   OGC API: http://$(HOST):$(PORT)/ogc/   layers: http://$(HOST):$(PORT)/api/layers/   health: http://$(HOST):$(PORT)/api/health/"
	$(SERVICES) && export HOST=$(HOST) PORT=$(PORT) ONEMAP_WEB_PORT=$(PORT) ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost,$(HOST)}" \
	  && exec .venv/bin/honcho start -f Procfile

test: setup
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv >/dev/null
	@if [ -f map_client/package.json ]; then (cd map_client && npm run build --silent && npm test --silent); fi
	$(SERVICES) && DJANGO_SETTINGS_MODULE=geo_api.settings.test $(PY) -m pytest -p no:cacheprovider --create-db -n 2 --dist loadfile --durations=20

# Drops the database DATABASE_URL names (default: onemap); `make run` then builds it anew.
clean-db:
	$(SERVICES) && u="$${DATABASE_URL/#postgis:/postgresql:}" && psql "$${u%/*}/postgres" -c "DROP DATABASE IF EXISTS \"$${u##*/}\" WITH (FORCE)"

bench: prepare
	$(SERVICES) && $(PY) bench/run.py
