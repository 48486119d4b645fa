"""Settings shared by every environment; each environment module imports this and overrides."""
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("ONEMAP_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "channels",
    "django_htmx",
    "django_fsm",
    "django_celery_beat",
    # Shared mechanisms
    "geo_api.accounts",
    "geo_api.audit",
    "geo_api.editing",
    # Domains (one app each; tables keep their onemap_* names so views and the audit log hold)
    "geo_api.reference",
    "geo_api.incidents",
    "geo_api.resources",
    "geo_api.shelters",
    "geo_api.supervision",
    "geo_api.warnings",
    "geo_api.responders",
    "geo_api.stats",
    "geo_api.command",
    # The map: registry, OGC API, demo data, pages
    "layers",
    "ogc",
    "data",
    "geo_api.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "geo_api.accounts.middleware.CredentialsMiddleware",
    "geo_api.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "geo_api.urls"
WSGI_APPLICATION = "geo_api.wsgi.application"
ASGI_APPLICATION = "geo_api.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "geo_api" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/onemap")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
# Under ASGI each request may run on another thread, so per-thread persistent connections
# (CONN_MAX_AGE) pile up until PostgreSQL refuses clients; psycopg's pool is shared instead.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": int(os.environ.get("DB_POOL_MIN", "2")), "max_size": int(os.environ.get("DB_POOL_MAX", "16")),
    "timeout": 10,
}

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CHANNEL_LAYERS = {
    "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTHENTICATION_BACKENDS = ["geo_api.accounts.backends.LockoutModelBackend"]
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15
LOGIN_URL = "/accounts/login/"
# How long a verified HTTP Basic password is remembered (accounts/basic_cache.py).
BASIC_AUTH_CACHE_SECONDS = 300

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The built map client; web.apps creates the directory if the client has not been built yet.
STATICFILES_DIRS = [BASE_DIR / "map_client" / "dist"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "geo_api.accounts.drf.CredentialsAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "geo_api.common.drf.exception_handler",
}
SPECTACULAR_SETTINGS = {"TITLE": "长宁区应急管理一张图 API", "VERSION": "0.1.0"}

# The public base URL of the OGC API; pygeoapi writes it into every link.
ONEMAP_PUBLIC_URL = os.environ.get("ONEMAP_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
OGC_MOUNT = "ogc"
# GDAL, OWSLib and QGIS page 10 features at a time unless told otherwise.
OGC_DEFAULT_LIMIT = 500
OGC_MAX_LIMIT = 10000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # pygeoapi logs ordinary client mistakes (a missing offset, a bad filter) as warnings.
    "loggers": {"pygeoapi": {"level": "ERROR"}},
}

# Debian 12 ships GDAL 3.6. The warning is about spatial references read from untrusted input;
# client CRSs go through pyproj (ogc/crs.py) against a fixed list, never through GDAL.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# The database role pg_tileserv uses: granted SELECT on public layer views only (layers/database_views.py).
PUBLIC_READER_ROLE = os.environ.get("PUBLIC_READER_ROLE", "onemap_public_reader")

# Apps whose tables are business records: every write to them is audited by a database trigger.
DOMAIN_APPS = ["reference", "incidents", "resources", "shelters", "supervision", "warnings", "responders"]
AUDITED_APPS = DOMAIN_APPS

# An optional raster basemap (e.g. Tianditu WMTS with a key); off by default, the map is drawn
# from our own data. Its origin is added to the content security policy.
ONEMAP_BASEMAP_URL = os.environ.get("ONEMAP_BASEMAP_URL", "")
_basemap_origin = "/".join(ONEMAP_BASEMAP_URL.split("/")[:3]) if ONEMAP_BASEMAP_URL else None

# The map client needs its own scripts, a worker, WebGL and same-origin fetches and sockets;
# nothing else. Inline styles stay allowed: MapLibre and pygeoapi's pages set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([_basemap_origin] if _basemap_origin else [])],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "connect-src": ["'self'", *([_basemap_origin] if _basemap_origin else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Request bodies: GeoJSON edits and CQL2 queries are small; uploads (photos, imports) have their
# own limits where they are accepted.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
