"""/feeds/ (数据接入): each feed's status, lag, counts and last error; the dead letters with their
error and a form to fix the payload and replay it (htmx swaps the row with the result)."""
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_api.common.errors import DomainError
from geo_api.web.desk.shell import desk_page, forbidden, render_desk, shanghai

from . import access, selectors, services
from .models import FeedMessage

MODULE = "feeds"


def _when(iso):
    return shanghai(parse_datetime(iso)) if iso else "—"


def _dead_rows():
    rows = FeedMessage.objects.filter(state=FeedMessage.State.DEAD).order_by("-received_at")[:50]
    return [{**selectors.message_json(m, with_raw=True), "received": shanghai(m.received_at)} for m in rows]


@desk_page
@require_GET
def feeds_page(request):
    if not access.may_read(request.user):
        return forbidden(request, _("Only duty officers, commanders and administrators see the agency feeds."),
                         current=MODULE)
    feeds = [{**f, "last_success_display": _when(f["last_success"]), "last_error_display": _when(f["last_error_at"])}
             for f in selectors.feeds_status()]
    return render_desk(request, "feeds/desk.html", {"feeds": feeds, "dead": _dead_rows(),
                                                     "may_replay": _may_replay(request.user)}, current=MODULE)


def _may_replay(user) -> bool:
    try:
        access.require_operate(user)
        return True
    except DomainError:
        return False


@desk_page
@require_POST
def replay(request, message_id):
    error = ""
    try:
        raw = request.POST.get("raw")
        message = services.message_replay(message_id=message_id, user=request.user, raw=raw)
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            return render(request, "feeds/_dead_row.html", {"error": exc.message, "m": None}, status=exc.status)
        error = exc.message
        message = FeedMessage.objects.get(pk=message_id)
    row = {**selectors.message_json(message, with_raw=True), "received": shanghai(message.received_at)}
    return render(request, "feeds/_dead_row.html", {"m": row, "error": error, "may_replay": True})
