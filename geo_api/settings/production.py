"""Production: every secret and host comes from the environment; the site is served over HTTPS only.

Environment (required first, then optional with their defaults):

  DJANGO_SECRET_KEY        required. A long random string (e.g. `python -c "import secrets; print(secrets.token_urlsafe(50))"`).
  ALLOWED_HOSTS            required. Comma-separated host names the site answers to (`onemap.example.cn`,
                           `.example.cn` for every subdomain). WebSocket origins are checked against it too.
  DATABASE_URL, REDIS_URL  see base.py.
  ONEMAP_PUBLIC_URL        the address users type, e.g. `https://onemap.example.cn` (with `:port` when not 443).
                           Its origin is trusted for CSRF.
  ONEMAP_BEHIND_TLS_PROXY  `1` (default): a web server in front (deploy/nginx.conf) terminates TLS and says
                           which scheme the client used in `X-Forwarded-Proto`; Django believes that header.
                           The application port must then be reachable from that proxy only.
                           `0`: nothing in front; the header is ignored (a client could forge it) and the
                           application server itself must speak TLS.
  SECURE_SSL_REDIRECT      `1` (default): a request that arrives over plain http is redirected to https.
                           Behind nginx the redirect of port 80 is done by nginx, so this only catches
                           requests that reach the application some other way; `0` turns it off (e.g. for
                           a plain-http health check on the application port).
  CSRF_TRUSTED_ORIGINS     comma-separated origins allowed to POST. Default: the ONEMAP_PUBLIC_URL origin
                           plus `https://<host>` for each ALLOWED_HOSTS entry. Same-origin forms work
                           without it as long as the proxy passes the client's Host header (nginx.conf does).
  SECURE_HSTS_SECONDS      default 31536000 (a year). Browsers then refuse plain http to this host; use a
                           small value (or 0) while trying the site with a self-signed certificate.
  SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD   default `1` each.

Session and CSRF cookies are always `Secure`: they are only sent over https, so signing in over plain
http cannot work by design.
"""
import os
from urllib.parse import urlsplit

from .base import *  # noqa: F401,F403


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = _list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise RuntimeError("ALLOWED_HOSTS is empty: set it to the host names the site answers to, comma-separated.")

BEHIND_TLS_PROXY = _flag("ONEMAP_BEHIND_TLS_PROXY", "1")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", "1")


def _default_trusted_origins() -> list[str]:
    origins = []
    parts = urlsplit(os.environ.get("ONEMAP_PUBLIC_URL", ""))
    if parts.scheme and parts.netloc:
        origins.append(f"{parts.scheme}://{parts.netloc}")
    for host in ALLOWED_HOSTS:
        if host == "*":
            continue  # "any host" is no origin to trust
        origins.append(f"https://*{host}" if host.startswith(".") else f"https://{host}")
    return list(dict.fromkeys(origins))


CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS") or _default_trusted_origins()

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", "1")
SECURE_CONTENT_TYPE_NOSNIFF = True
