"""The scheme://host[:port] every link we write starts with (OGC pages and `next` links, the
layer list): the configured ONEMAP_PUBLIC_URL if there is one, else the request's own.

The request's host is validated against ALLOWED_HOSTS by Django; X-Forwarded-Proto/Host/Port
count only when settings say a trusted proxy sets them (ONEMAP_TRUSTED_PROXY)."""
from django.conf import settings


def public_url(request) -> str:
    if settings.ONEMAP_PUBLIC_URL:
        return settings.ONEMAP_PUBLIC_URL
    return f"{request.scheme}://{request.get_host()}"
