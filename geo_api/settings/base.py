"""Settings shared by every environment; each environment module imports this and overrides."""
import os
import urllib.parse
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .basemaps import basemaps_from, origins_of

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
    "axes",  # sign-in lockout (accounts/backends.py)
    "geo_api.accounts",
    "geo_api.audit",
    "geo_api.editing",
    "geo_api.live",
    "geo_api.timeline",
    "geo_api.jobs",
    "geo_api.idempotency",
    # Domains (one app each; tables keep their onemap_* names so views and the audit log hold)
    "geo_api.reference",
    "geo_api.incidents",
    "geo_api.resources",
    "geo_api.shelters",
    "geo_api.supervision",
    "geo_api.warnings",
    "geo_api.responders",
    "geo_api.plans",
    "geo_api.tasks",
    "geo_api.duty",
    "geo_api.stats",
    "geo_api.command",
    "geo_api.phone",  # the responders' phone app /m/ (no tables)
    # Agency feeds (etl/feeds): their messages are their own log, so not in DOMAIN_APPS.
    "etl.feeds",
    # File imports (etl/imports): a job log; the rows they load are audited as one bulk load.
    "etl.imports",
    "geo_api.cases",
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
    # Marks answers given while Redis was unavailable (X-Onemap-Degraded), never fails them.
    "geo_api.common.degraded.DegradedMiddleware",
    # A pool with no free connection in time answers 503 + Retry-After, not 500.
    "geo_api.common.overload.OverloadMiddleware",
    # Before anything reads the request: body limit, NUL, non-UTF-8, deep JSON (issue 8).
    "geo_api.common.request_guard.RequestGuardMiddleware",
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
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout answer.
    "axes.middleware.AxesMiddleware",
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
# Django's cache: Redis database 2 (CACHE_REDIS_DB), shared by every app process.
CACHES = {"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": urllib.parse.urlunsplit(
        urllib.parse.urlsplit(REDIS_URL)._replace(path="/" + os.environ.get("CACHE_REDIS_DB", "2"))),
    "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "onemap"),
    # A Redis that is down or stalls costs a request at most this long (geo_api/common/degraded.py):
    # budgets are skipped, the request is answered, never hung or failed.
    "OPTIONS": {"socket_connect_timeout": float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5"))},
}}
CHANNEL_LAYERS = {
    "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {
        # A separate prefix keeps two platforms (e.g. parallel test servers) on one Redis apart.
        "hosts": [REDIS_URL], "prefix": os.environ.get("CHANNELS_PREFIX", "asgi"),
    }}
}

# Background jobs (geo_api/celery.py, geo_api/jobs/). The broker is the same Redis on another
# database number, so Celery's keys never mix with the Channels layer's.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or urllib.parse.urlunsplit(
    urllib.parse.urlsplit(REDIS_URL)._replace(path="/" + os.environ.get("CELERY_REDIS_DB", "1")))
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_IGNORE_RESULT = True  # tasks that return something useful say so (ignore_result=False)
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged when it has run, so a worker killed mid-task hands it to another;
# tasks must therefore be safe to run twice. A task past its soft limit gets an exception it may
# handle; at the hard limit its process is replaced.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "300"))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# Redis re-delivers an unacknowledged task after this long: longer than any task may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_BEAT_SCHEDULER = "geo_api.jobs.scheduler:Scheduler"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# django-axes refuses locked-out sign-ins and records failures; PasswordBackend checks passwords
# without holding a database connection through the hash (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "geo_api.accounts.backends.PasswordBackend"]
# Lockout: 5 failures of one account from one address lock that pair for 15 minutes; a success
# clears the count. Everything before a lockout can apply is bounded by the budgets below.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "geo_api.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Budgets of password checks (count, seconds), shared by every process through Redis
# (accounts/ratelimit.py): per client address, per account name; unknown tokens per address.
ONEMAP_PASSWORD_CHECKS_PER_CLIENT = (30, 60)
ONEMAP_PASSWORD_CHECKS_PER_ACCOUNT = (30, 900)
ONEMAP_TOKEN_FAILURES_PER_CLIENT = (60, 60)
# Password hashes running at once per process: the rest wait, holding no database connection.
ONEMAP_PASSWORD_CHECK_CONCURRENCY = max(1, (os.cpu_count() or 2) // 2)
# The phones' positions are written together per worker (responders/ingest.py); False: every
# sample through Django and DRF (the environment's ONEMAP_POSITIONS_GROUP_COMMIT=0 does the same).
ONEMAP_POSITIONS_GROUP_COMMIT = True
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

# Uploaded files (event attachments). Never served as static files: every download goes through a
# view that checks who may read the record (geo_api/incidents/apis.py).
MEDIA_ROOT = VAR_DIR / "media"
# Camera video kept on this server (HLS playlists + segments), served at /streams/ to camera readers.
ONEMAP_STREAMS_ROOT = Path(os.environ.get("ONEMAP_STREAMS_ROOT", VAR_DIR / "streams"))

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

# Links (OGC `next` pages, pygeoapi's pages, the layer list) are written with the request's own
# scheme, host and port (geo_api/common/public_url.py), unless a public URL is configured here,
# e.g. "https://onemap.example.gov.cn" when a proxy rewrites hosts.
ONEMAP_PUBLIC_URL = os.environ.get("ONEMAP_PUBLIC_URL", "").rstrip("/")
# Behind a reverse proxy that sets X-Forwarded-Proto/Host/Port (and drops them from clients), say
# so: the links then follow what the client asked the proxy for. Never on a directly exposed server.
ONEMAP_TRUSTED_PROXY = os.environ.get("ONEMAP_TRUSTED_PROXY") == "1"
USE_X_FORWARDED_HOST = USE_X_FORWARDED_PORT = ONEMAP_TRUSTED_PROXY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ONEMAP_TRUSTED_PROXY else None
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
DOMAIN_APPS = ["reference", "incidents", "resources", "shelters", "supervision", "warnings", "responders", "duty", "plans", "tasks", "cases", "command"]
AUDITED_APPS = DOMAIN_APPS

# Optional base maps (geo_api/settings/basemaps.py): 天地图 with a key, any XYZ/WMTS template, a
# PMTiles archive on this server. None by default: the map is drawn from our own data. Their
# origins are added to the content security policy.
ONEMAP_TIANDITU_KEY = os.environ.get("ONEMAP_TIANDITU_KEY", "")
ONEMAP_BASEMAP_URL = os.environ.get("ONEMAP_BASEMAP_URL", "")
ONEMAP_BASEMAP_ATTRIBUTION = os.environ.get("ONEMAP_BASEMAP_ATTRIBUTION", "")
ONEMAP_PMTILES_PATH = os.environ.get("ONEMAP_PMTILES_PATH", "")
ONEMAP_BASEMAPS = basemaps_from(tianditu_key=ONEMAP_TIANDITU_KEY, url=ONEMAP_BASEMAP_URL,
                                pmtiles_path=ONEMAP_PMTILES_PATH, attribution=ONEMAP_BASEMAP_ATTRIBUTION)
_basemap_origins = origins_of(ONEMAP_BASEMAPS)

# The map client needs its own scripts, a worker, WebGL and same-origin fetches and sockets;
# nothing else. Inline styles stay allowed: MapLibre and pygeoapi's pages set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_basemap_origins],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        # The command view's player: hls.js feeds a <video> through MSE, whose source is a blob: URL.
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'", *_basemap_origins],
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
