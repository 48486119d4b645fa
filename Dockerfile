# The application image: Django + pygeoapi + the built map client, served by uvicorn (HTTP and
# WebSockets). Debian 12 base, the same as the development machines.
FROM python:3.12-slim-bookworm AS app
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 \
        gettext nodejs npm fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/onemap
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN if [ -f map_client/package.json ]; then cd map_client && npm ci --no-audit --no-fund && npm run build; fi \
    && python manage.py compilemessages -l zh_Hans \
    && DJANGO_SETTINGS_MODULE=geo_api.settings.base python manage.py collectstatic --noinput
ENV DJANGO_SETTINGS_MODULE=geo_api.settings.production
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec uvicorn geo_api.asgi:application --host 0.0.0.0 --port 8000 --workers ${WORKERS:-4} --proxy-headers --forwarded-allow-ips='*'"]
