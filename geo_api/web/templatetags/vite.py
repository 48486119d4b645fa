from django import template
from django.utils.html import format_html, format_html_join

from geo_api.web.vite import ClientNotBuilt, entry

register = template.Library()


@register.simple_tag
def vite_entry(name):
    """<link>s for the entry's CSS, modulepreloads for its chunks, and its module <script>."""
    try:
        e = entry(name)
    except ClientNotBuilt as exc:
        return format_html('<p class="client-missing" role="alert">{}</p>', str(exc))
    return format_html(
        "{}{}{}",
        format_html_join("", '<link rel="stylesheet" href="{}">\n', ((c,) for c in e.css)),
        format_html_join("", '<link rel="modulepreload" href="{}">\n', ((p,) for p in e.preload)),
        format_html('<script type="module" src="{}"></script>', e.script),
    )
