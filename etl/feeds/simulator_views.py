"""/simulators/<feed>/: the agencies as this machine plays them (dev and test only: 404 unless
settings.ONEMAP_FEED_SIMULATORS). No sign-in: a pull carries no credentials of ours."""
from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from . import simulators


@require_GET
def simulator(request, feed):
    if not getattr(settings, "ONEMAP_FEED_SIMULATORS", False) or feed not in simulators.MODULES:
        raise Http404("no such simulator")
    body, content_type = simulators.payload(feed)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
