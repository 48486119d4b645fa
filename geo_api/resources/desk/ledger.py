"""The resource ledger page (/resources/): filters, the list with its map, statistics by type and
street (tables + ECharts), exports (?format=xlsx|gpkg, the whole filtered list), and the register /
edit / retire forms. Writes go through resources.services."""
from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_htmx.http import push_url

from geo_api.common.errors import DomainError
from geo_api.web.desk.shell import desk_page, forbidden, render_desk, shanghai

from .. import access, services
from ..exports import Column, gpkg_response, xlsx_response
from ..models import Resource
from ..selectors.resources import Origin, event_origin, resource_statistics, resources_filtered
from .forms import PAGE_SIZE, ResourceFilterForm, ResourceForm, RetireForm

MODULE = "resources"
EXPORT_LIMIT = 100_000
ENTRY = "src/desk/ledger.js"


def _url(params: dict, **overrides) -> str:
    merged = {**params, **overrides}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return reverse("resources_desk:resources") + (f"?{query}" if query else "")


def _row(r: Resource) -> dict:
    return {
        "id": r.pk, "name": r.name, "kind": r.kind, "kind_label": r.get_kind_display(), "specialty": r.specialty,
        "quantity": r.quantity, "unit": r.unit, "owner_unit": r.owner_unit, "contact": r.contact, "phone": r.phone,
        "status": r.status, "status_label": r.get_status_display(), "street": r.district.name if r.district else "",
        "retired": r.retired, "retired_at": shanghai(r.retired_at), "retired_reason": r.retired_reason,
        "distance_m": round(r.distance_m) if getattr(r, "distance_m", None) is not None else None,
        "lon": r.geom.x, "lat": r.geom.y,
    }


def _export(kind: str, rows: list[dict], origin: Origin | None):
    columns = [Column("name", pgettext("ledger", "Name")), Column("kind", _("Resource kind")), Column("specialty", _("Specialty")),
               Column("quantity", _("Quantity"), "integer"), Column("unit", _("Unit")),
               Column("owner_unit", _("Owning unit")), Column("contact", _("Contact person")),
               Column("phone", _("Phone")), Column("status", _("Status")), Column("street", _("Street or town")),
               Column("retired_at", _("Retired at")), Column("lon", _("Longitude"), "number"),
               Column("lat", _("Latitude"), "number")]
    if origin is not None:
        columns.append(Column("distance_m", _("Distance (m)"), "number"))
    values = [[r["name"], r["kind_label"], r["specialty"], r["quantity"], r["unit"], r["owner_unit"], r["contact"],
               r["phone"], r["status_label"], r["street"], r["retired_at"], r["lon"], r["lat"],
               *([r["distance_m"]] if origin is not None else [])] for r in rows]
    if kind == "xlsx":
        return xlsx_response(filename="resources", sheet=_("Emergency resources"), columns=columns, rows=values)
    return gpkg_response(filename="resources", layer="resources", columns=columns, rows=values,
                         points=[(r["lon"], r["lat"]) for r in rows])


def _page_links(params, page, pages):
    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links, previous = [], 0
    for n in numbers:
        if n - previous > 1:
            links.append({"gap": True})
        links.append({"number": n, "url": _url(params, page=n if n > 1 else None), "current": n == page})
        previous = n
    return links


def _chart(stats) -> dict:
    return {"charts": [
        {"element": "resources-chart-kind", "title": _("Resources by kind"),
         "labels": [k["label"] for k in stats["by_kind"]], "values": [k["count"] for k in stats["by_kind"]],
         "colour": "#1f6fd1"},
        {"element": "resources-chart-street", "title": _("Resources by street or town"),
         "labels": [s["label"] for s in stats["by_street"]], "values": [s["count"] for s in stats["by_street"]],
         "colour": "#d9822b"},
    ]}


@desk_page
def resources(request):
    if not access.may_read(request.user):
        return forbidden(request, _("Your role may not read the resource ledger."), current=MODULE)
    form = ResourceFilterForm(request.GET)
    context = {"form": form, "result": None, "error": None, "entry": ENTRY, "may_write": access.may_write(request.user)}
    status = 200
    export = request.GET.get("format")
    if export not in (None, "", "html", "xlsx", "gpkg"):
        form.is_valid()
        context["error"] = _("Unknown export format: use xlsx or gpkg.")
        status = 400
    elif form.is_valid():
        params = form.query_params()
        data = form.selector_data()
        try:
            origin = event_origin(request.user, data["event"]) if data.get("event") else (
                Origin(data["lon"], data["lat"], _("the point")) if data.get("lon") is not None else None)
        except DomainError as exc:
            origin = None
            context["error"] = exc.message
            status = exc.status
        if status == 200:
            qs = resources_filtered(data, origin)
            if export in ("xlsx", "gpkg"):
                return _export(export, [_row(r) for r in qs[:EXPORT_LIMIT]], origin)
            total = qs.count()
            pages = max(1, -(-total // PAGE_SIZE))
            page = min(data.get("page") or 1, pages)
            rows = [_row(r) for r in qs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
            stats = resource_statistics(qs)
            context.update(
                result={"rows": rows, "total": total, "page": page, "pages": pages}, stats=stats, chart=_chart(stats),
                origin=origin, page_links=_page_links(params, page, pages),
                previous_url=_url(params, page=page - 1 if page > 2 else None) if page > 1 else None,
                next_url=_url(params, page=page + 1) if page < pages else None,
                canonical_url=_url({**params, **({"page": page} if page > 1 else {})}),
                xlsx_url=_url(params, format="xlsx"), gpkg_url=_url(params, format="gpkg"),
                filtered=bool(params), clear_url=_url({}),
                map_data={"points": [{"id": r["id"], "name": r["name"], "kind": r["kind"], "label": r["kind_label"],
                                      "lon": r["lon"], "lat": r["lat"]} for r in rows],
                          "origin": {"lon": origin.lon, "lat": origin.lat, "label": origin.label} if origin else None,
                          "radius_m": data.get("radius_m")},
            )
    else:
        status = 400
        context["error"] = _("Some filters are not valid; correct them and try again.")
        context["filter_errors"] = [f"{form.fields[n].label}: {m}" if n in form.fields else m
                                    for n, ms in form.errors.items() for m in ms]
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "resources/ledger/_results.html", {**context, "partial": True}, status=status)
        if context.get("canonical_url"):
            push_url(response, context["canonical_url"])
        return response
    return render_desk(request, "resources/ledger/index.html", context, current=MODULE, status=status)


def _edit_page(request, form, resource=None, status=200):
    return render_desk(request, "resources/ledger/form.html", {
        "form": form, "resource": resource, "retire_form": RetireForm() if resource else None,
    }, current=MODULE, status=status)


@desk_page
def resource_new(request):
    if not access.may_write(request.user):
        return forbidden(request, _("Your role may not register resources."), current=MODULE)
    form = ResourceForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                resource = services.resource_register(user=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(_url({"q": resource.name}))
        return _edit_page(request, form, status=400)
    return _edit_page(request, form)


@desk_page
def resource_edit(request, resource_id: int):
    if not access.may_write(request.user):
        return forbidden(request, _("Your role may not edit resources."), current=MODULE)
    resource = get_object_or_404(Resource, pk=resource_id)
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.resource_update(resource_id=resource.pk, user=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(_url({"q": form.cleaned_data["name"]}))
        return _edit_page(request, form, resource, status=400)
    return _edit_page(request, form, resource)


@desk_page
def resource_retire(request, resource_id: int):
    if request.method != "POST":
        return redirect(reverse("resources_desk:resource_edit", args=[resource_id]))
    if not access.may_write(request.user):
        return forbidden(request, _("Your role may not retire resources."), current=MODULE)
    resource = get_object_or_404(Resource, pk=resource_id)
    form = RetireForm(request.POST)
    reinstate = request.POST.get("action") == "reinstate"
    try:
        if reinstate:
            services.resource_reinstate(resource_id=resource.pk, user=request.user)
        elif form.is_valid():
            services.resource_retire(resource_id=resource.pk, user=request.user, reason=form.cleaned_data["reason"])
        else:
            return render_desk(request, "resources/ledger/form.html", {
                "form": ResourceForm(instance=resource), "resource": resource, "retire_form": form,
            }, current=MODULE, status=400)
    except DomainError as exc:
        return forbidden(request, exc.message, current=MODULE) if exc.status == 403 else render_desk(
            request, "resources/ledger/form.html", {"form": ResourceForm(instance=resource), "resource": resource,
                                                    "retire_form": form, "error": exc.message},
            current=MODULE, status=int(exc.status))
    return redirect(_url({"show": "all" if not reinstate else None, "q": resource.name}))
