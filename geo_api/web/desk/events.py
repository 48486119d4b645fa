"""The desk's event list: the filter form and the read, both over the `events` layer through
LayerQuery, so this user's row filter applies (other agencies see Ⅰ and Ⅱ only) and the layer's own
`where` keeps drill events out."""
from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _
from psycopg import sql

from geo_api.incidents.models import Event
from geo_api.reference.codes import EventCategory, Severity
from layers.query import LayerQuery, run
from layers.registry import load_catalog

PAGE_SIZE = 20
# Sortable columns of the layer view; the default is the newest report first.
SORT_COLUMNS = ("reported_at", "occurred_at", "severity", "status", "code", "title")
DEFAULT_SORT = "-reported_at"
COLUMNS = "id, code, title, category, severity, status, reported_at, occurred_at, address, district_name"


def _all(choices):
    return [("", _("All")), *choices]


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(Event.Status.choices))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=_all(EventCategory.choices))
    severity = forms.TypedChoiceField(label=_("Severity"), required=False, coerce=int, empty_value=None,
                                      choices=_all(Severity.choices))
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[(f"{d}{c}", f"{d}{c}") for c in SORT_COLUMNS for d in ("", "-")])
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)

    def query_params(self) -> dict:
        """The non-empty filters and the sort as they go into a URL (page excluded)."""
        data = self.cleaned_data
        params = {k: data[k] for k in ("q", "status", "category", "severity") if data.get(k) not in (None, "")}
        if data.get("sort") and data["sort"] != DEFAULT_SORT:
            params["sort"] = data["sort"]
        return params


@dataclass
class EventPage:
    rows: list[dict]
    total: int
    page: int
    pages: int
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(user, data) -> LayerQuery:
    query = LayerQuery.of(load_catalog().get("events"), user)
    for name in ("status", "category", "severity"):
        if data.get(name) not in (None, ""):
            query = query.equals(name, data[name])
    if data.get("q"):
        pattern = f"%{_escape_like(data['q'])}%"
        query = query.where("(title ILIKE %s OR code ILIKE %s OR address ILIKE %s)", pattern, pattern, pattern)
    return query


def _counts(query: LayerQuery, column: str) -> list[tuple[str, int]]:
    inner, params = query.select(sql.Identifier(column))
    grouped = sql.SQL("SELECT {c}, count(*) FROM ({q}) s GROUP BY {c} ORDER BY {c}").format(
        c=sql.Identifier(column), q=inner)
    return [(value, n) for value, n in run(grouped, params)]


def event_page(user, data: dict) -> EventPage:
    """One page of the events this user may see, with counts per status and per category under
    the same filters. `data` is EventFilterForm.cleaned_data."""
    query = _filtered(user, data)
    total = query.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(data.get("page") or 1, pages)
    sort = data.get("sort") or DEFAULT_SORT
    column, direction = sort.lstrip("-"), ("DESC" if sort.startswith("-") else "ASC")
    order = sql.SQL("{} {} NULLS LAST, id DESC").format(sql.Identifier(column), sql.SQL(direction))
    names = [c.strip() for c in COLUMNS.split(",")]
    rows = [dict(zip(names, r)) for r in query.fetch(COLUMNS, order=order, limit=PAGE_SIZE,
                                                      offset=(page - 1) * PAGE_SIZE)]
    return EventPage(rows=rows, total=total, page=page, pages=pages,
                     by_status=_counts(query, "status"), by_category=_counts(query, "category"))
