# The application image: Django + pygeoapi + the built map client, served by uvicorn (HTTP and
# WebSockets). Debian 12 base, the same as the development machines. The same image runs the
# Celery worker and beat (docker-compose.yml overrides the command).

# The map client is built here, so the runtime image carries no Node toolchain.
FROM node:22-bookworm-slim AS client
WORKDIR /client
COPY map_client/package.json map_client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY map_client/ ./
RUN npm run build

FROM python:3.12-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 \
        gettext fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 1000 --create-home --home-dir /home/onemap onemap
WORKDIR /srv/onemap
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=onemap:onemap . .
COPY --from=client --chown=onemap:onemap /client/dist map_client/dist
# STATIC_ROOT is a volume shared with nginx; it takes this directory's owner when first created.
RUN mkdir -p var/static && chown -R onemap:onemap var
USER onemap
ENV DJANGO_SETTINGS_MODULE=geo_api.settings.production
EXPOSE 8000
# migrate (schema, views, groups, triggers, tile reader grants), compilemessages, collectstatic,
# then uvicorn: deploy/start.sh.
CMD ["sh", "deploy/start.sh"]
