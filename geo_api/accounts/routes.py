"""Which credentials each route accepts. One table, read by the credentials middleware (HTTP) and
the WebSocket token middleware, and documented in the README:

| credential                    | accepted on                                   | CSRF / cross-site rule |
|-------------------------------|-----------------------------------------------|------------------------|
| session cookie (browser)      | everywhere                                    | Django's CSRF token    |
| API token (Bearer, X-API-Key) | /api and /ogc; `read` → GET/HEAD/OPTIONS,     | none needed: a browser |
|                               | `write` → POST/PUT/PATCH/DELETE; never the    | never attaches it by   |
|                               | admin, the sign-in pages or a session         | itself                 |
| HTTP Basic                    | /ogc only (QGIS, GDAL, OWSLib)                | a browser that answered|
|                               |                                               | the /ogc prompt resends|
|                               |                                               | it by itself, so writes|
|                               |                                               | must not come from     |
|                               |                                               | another site (below)   |

Basic writes carry no CSRF token (desktop GIS cannot fetch one). Instead a state-changing Basic
request is refused when the browser says it comes from another site: `Sec-Fetch-Site` other than
same-origin/none, or an `Origin` that is not this server. QGIS, GDAL and OWSLib send neither
header, so they are unaffected; browsers send both on cross-site writes."""
from urllib.parse import urlsplit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_api(path: str) -> bool:
    return path == "/ogc" or path.startswith(("/ogc/", "/api/"))


def is_ogc(path: str) -> bool:
    return path == "/ogc" or path.startswith("/ogc/")


def scope_for(method: str) -> str:
    return "read" if method.upper() in SAFE_METHODS else "write"


def cross_site(request) -> bool:
    """True when the browser tells us a request was started by another site."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return False
    if origin == "null":
        return True
    from django.conf import settings

    parts = urlsplit(origin)
    if f"{parts.scheme}://{parts.netloc}" in getattr(settings, "CSRF_TRUSTED_ORIGINS", []):
        return False
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: CommonMiddleware answers it
        return True
    return parts.netloc != host
