"""Desk pages: the landing page (the modules this user may open) and the event list, the first
htmx page: a plain GET form that htmx upgrades to partial updates of the results."""
import logging
from urllib.parse import urlencode

import psycopg
from django.db import DatabaseError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import push_url

from geo_api.incidents.models import Event
from geo_api.reference.codes import EventCategory, Severity
from layers.access import can_read
from layers.registry import load_catalog

from .events import DEFAULT_SORT, SORT_COLUMNS, EventFilterForm, event_page
from .shell import desk_page, forbidden, render_desk, shanghai

log = logging.getLogger(__name__)

# A first click on these sorts newest / most severe first.
_FIRST_DESCENDING = {"reported_at", "occurred_at"}


@desk_page
def landing(request):
    return render_desk(request, "web/desk/landing.html", current="desk")


def _events_url(params: dict, **overrides) -> str:
    merged = {**params, **overrides}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return reverse("web:desk_events") + (f"?{query}" if query else "")


def _sort_links(params: dict, sort: str) -> dict:
    links = {}
    for column in SORT_COLUMNS:
        if sort == column:
            target, state = f"-{column}", "ascending"
        elif sort == f"-{column}":
            target, state = column, "descending"
        else:
            target, state = (f"-{column}" if column in _FIRST_DESCENDING else column), "none"
        links[column] = {"url": _events_url(params, sort=None if target == DEFAULT_SORT else target), "state": state}
    return links


def _page_links(params: dict, page: int, pages: int) -> list[dict]:
    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links, previous = [], 0
    for n in numbers:
        if n - previous > 1:
            links.append({"gap": True})
        links.append({"number": n, "url": _events_url(params, page=n if n > 1 else None), "current": n == page})
        previous = n
    return links


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _chart(result) -> dict:
    def series(counts, choices):
        have = dict(counts)
        return {"labels": [str(label) for _v, label in choices.choices],
                "values": [have.get(value, 0) for value, _l in choices.choices]}

    return {
        "status": {"title": _("Events by status"), **series(result.by_status, Event.Status)},
        "category": {"title": _("Events by category"), **series(result.by_category, EventCategory)},
    }


@desk_page
def events(request):
    if not can_read(request.user, load_catalog().get("events")):
        return forbidden(request, _("Your role may not read the events layer."), current="command")
    form = EventFilterForm(request.GET)
    context = {"form": form, "result": None, "error": None, "chart_entry": "src/desk/events.js"}
    status = 200
    if form.is_valid():
        params = form.query_params()
        sort = form.cleaned_data.get("sort") or DEFAULT_SORT
        try:
            result = event_page(request.user, form.cleaned_data)
        except (DatabaseError, psycopg.Error):  # LayerQuery runs on the raw psycopg cursor
            log.exception("desk event list")
            context["error"] = _("The event list cannot be loaded right now. Please try again in a moment.")
            status = 503
        else:
            for row in result.rows:
                row.update(status_label=_label(Event.Status, row["status"]),
                           category_label=_label(EventCategory, row["category"]),
                           severity_label=_label(Severity, row["severity"]),
                           reported=shanghai(row["reported_at"]), occurred=shanghai(row["occurred_at"]),
                           command_url=reverse("web:command", args=[row["id"]]),
                           detail_url=reverse("incidents_desk:event", args=[row["id"]]))
            page_params = {**params, **({"page": result.page} if result.page > 1 else {})}
            context.update(
                result=result, sort=sort, sort_links=_sort_links(params, sort),
                page_links=_page_links(params, result.page, result.pages),
                previous_url=_events_url(params, page=result.page - 1 if result.page > 2 else None)
                if result.page > 1 else None,
                next_url=_events_url(params, page=result.page + 1) if result.page < result.pages else None,
                chart=_chart(result), canonical_url=_events_url(page_params), filtered=bool(params.keys() - {"sort"}),
                clear_url=_events_url({}),
            )
    else:
        status = 400
        context["error"] = _("Some filters are not valid; correct them and try again.")
        context["filter_errors"] = [f"{form.fields[name].label}: {message}" if name in form.fields else message
                                    for name, messages in form.errors.items() for message in messages]
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    if not partial:
        return render_desk(request, "web/desk/events/index.html", context, current="command", status=status)
    response = render(request, "web/desk/events/_table.html", {**context, "partial": True}, status=status)
    if context.get("canonical_url"):
        # The address bar shows the clean URL of what is on screen, not the raw form serialisation.
        push_url(response, context["canonical_url"])
    return response
