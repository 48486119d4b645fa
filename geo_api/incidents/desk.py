"""Desk pages of the incidents domain: the intake form (/duty/intake/) and the event page
(/desk/events/<id>/), Django templates with htmx partials in the desk shell. Every write goes
through incidents.services with the same checks as the API (the intake form builds the same
GeoJSON Feature as POST /api/events/); a DomainError comes back as the partial with its message."""
from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from psycopg import sql

from geo_api.accounts.roles import roles_of
from geo_api.common.errors import DomainError, InvalidInput, NotFound
from geo_api.reference import event_types
from geo_api.reference.codes import EventCategory, Severity
from geo_api.timeline.selectors import entry_json, timeline_for_event
from geo_api.timeline.transitions import allowed_transitions
from geo_api.web.desk.shell import desk_page, forbidden, render_desk, shanghai
from layers.access import can_write, readable_layers
from layers.query import LayerQuery
from layers.search import search

from . import selectors, services
from .intake import CRS_CHOICES, parse_intake
from .models import Event, UpwardReport
from .services import EVENT_WORKFLOW

MODULE = "intake"
ACTION_LABELS = {"drafted": gettext_lazy("Upward report drafted"), "submitted": gettext_lazy("Upward report submitted"),
                 "overdue": gettext_lazy("Upward report overdue")}
ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


def _intake_only(view):
    @desk_page
    def wrapped(request, *args, **kwargs):
        if not (can_write(request.user, selectors.events_layer()) and roles_of(request.user) & selectors.DESK_ROLES):
            return forbidden(request, _("Event intake is for duty officers, the commander and administrators."),
                             current=MODULE)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


# -- /duty/intake/ ---------------------------------------------------------------------------------
def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _types_for(category: str) -> list[dict]:
    if category not in EventCategory.values:
        return []
    return [{"label": g.name_zh, "types": [{"value": t.name_zh, "label": t.name_zh, "gb_code": t.gb_code}
                                          for t in event_types.types_of(group=g.code)]}
            for g in event_types.groups_of(category)]


def _form_context(data=None, errors=None, **extra) -> dict:
    data = data or {}
    errors = errors or {}
    category = data.get("category") or ""
    first = lambda *names: next((errors[n][0] for n in names if errors.get(n)), "")  # noqa: E731
    return {
        "location_error": first("geometry", "crs"), "time_error": first("reported_at", "occurred_at"),
        "data": data, "errors": errors, "categories": EventCategory.choices,
        "type_groups": _types_for(category), "severities": [(v, ROMAN[v], label) for v, label in Severity.choices],
        "sources": Event.Source.choices, "crs_choices": CRS_CHOICES.items(),
        "reported_default": data.get("reported_at") or _now_local(), **extra,
    }


def _feature_from(post) -> dict:
    def number(name):
        raw = (post.get(name) or "").strip()
        try:
            return float(raw)
        except ValueError:
            return raw or None

    lon, lat = number("lon"), number("lat")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lon is not None or lat is not None else None
    props = {name: post.get(name, "").strip() for name in (
        "category", "type", "severity", "title", "description", "reported_at", "occurred_at", "source", "reporter",
        "phone", "casualties", "address")}
    props = {k: v for k, v in props.items() if v != ""}
    props["is_drill"] = post.get("is_drill") == "on"
    if post.get("crs"):
        props["crs"] = post["crs"]
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _errors_of(exc: DomainError) -> dict:
    errors = exc.detail.get("errors") or {"__all__": [exc.message]}
    return {name: [str(m) for m in messages] for name, messages in errors.items()}


@_intake_only
@require_http_methods(["GET", "POST"])
def intake(request):
    if request.method == "GET":
        return render_desk(request, "incidents/desk/intake.html",
                           {**_form_context(), "map_entry": "src/desk/intake-map.js", "overdue": _overdue_reports()},
                           current=MODULE)
    feature = _feature_from(request.POST)
    files = request.FILES.getlist("attachments")
    attach_to = request.POST.get("attach_to", "").strip()
    try:
        if attach_to.isdigit():
            report = services.event_attach_report(user=request.user, event_id=int(attach_to), body=feature, files=files)
            event, attached = report.event, True
        else:
            event, attached = services.event_intake(user=request.user, intake=parse_intake(feature), files=files), False
    except DomainError as exc:
        context = _form_context(request.POST, _errors_of(exc), message=exc.message)
        return render(request, "incidents/desk/_intake_form.html", context, status=int(exc.status))
    context = _form_context(saved={"id": event.pk, "code": event.code, "title": event.title, "attached": attached,
                                   "is_drill": event.is_drill, "url": reverse("incidents_desk:event", args=[event.pk])})
    return render(request, "incidents/desk/_intake_form.html", context)


def _overdue_reports() -> list[dict]:
    """Upward reports past their deadline, for the duty desk's attention (real events only)."""
    return [{"title": f"{r.get_kind_display()} → {r.get_recipient_display()}", "event": f"{r.event.code} {r.event.title}",
             "due": shanghai(r.due_at), "url": reverse("incidents_desk:event", args=[r.event_id])}
            for r in selectors.overdue_upward_reports().order_by("due_at")[:20]]


@_intake_only
@require_GET
def intake_types(request):
    """The type <select> for the chosen category (the cascade)."""
    return render(request, "incidents/desk/_type_select.html",
                  {"type_groups": _types_for(request.GET.get("category", "")), "data": request.GET, "errors": {}})


@_intake_only
@require_GET
def intake_duplicates(request):
    """Possible duplicates of the report being typed, once type and location are set."""
    found = event_types.event_type(request.GET.get("type", ""))
    feature = _feature_from(request.GET)
    context = {"rows": None, "radius_m": round(selectors.duplicate_radius_m()),
               "window_minutes": int(selectors.duplicate_window().total_seconds() // 60)}
    if found is None or feature["geometry"] is None:
        return render(request, "incidents/desk/_duplicates.html", context)
    try:
        from .intake import parse_time, point_from

        point = point_from(feature["geometry"], request.GET.get("crs"))
        at = parse_time(request.GET.get("reported_at"), "reported_at", default=timezone.now())
    except InvalidInput as exc:
        return render(request, "incidents/desk/_duplicates.html", {**context, "error": exc.message})
    rows = selectors.possible_duplicates(user=request.user, event_type=found.name_zh, point=point, at=at,
                                         is_drill=request.GET.get("is_drill") == "on")
    context["rows"] = [{"id": e.pk, "code": e.code, "title": e.title, "distance_m": round(e.distance_m),
                        "reported": shanghai(e.reported_at), "status": e.get_status_display(),
                        "reports": e.reports.count(), "url": reverse("incidents_desk:event", args=[e.pk])}
                       for e in rows]
    return render(request, "incidents/desk/_duplicates.html", context)


def _address_matches(user, text: str, limit: int = 8) -> list[dict]:
    """Rows of every readable layer with an `address` property containing the text."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    out = []
    for layer in readable_layers(user):
        if "address" not in {p if isinstance(p, str) else p.name for p in layer.properties}:
            continue
        title = sql.Identifier(layer.title_property)
        rows = LayerQuery.of(layer, user).where("address ILIKE %s", pattern).fetch(
            sql.SQL("id, {t}, address, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))").format(t=title),
            order=sql.SQL("length(address), id"), limit=limit)
        out += [{"layer_title": layer.title_zh, "title": f"{address}（{name}）", "lon": lon, "lat": lat}
                for _id, name, address, lon, lat in rows]
    return sorted(out, key=lambda r: len(r["title"]))[:limit]


@_intake_only
@require_GET
def intake_search(request):
    """Places for the location: names in every layer this user reads (streets included, the
    wall's search, layers/search.py) and addresses."""
    text = (request.GET.get("q") or "").strip()[:100]
    results = []
    if text:
        results = [{"layer_title": r["layer_title"]["zh"], "title": r["title"], "lon": r["lon"], "lat": r["lat"]}
                   for r in search(request.user, text, 10)] + _address_matches(request.user, text)
    return render(request, "incidents/desk/_search.html", {"results": results[:15], "q": text})


# -- /desk/events/<id>/ ----------------------------------------------------------------------------
def _detail_context(request, event: Event, **extra) -> dict:
    user = request.user
    now = timezone.now()
    roles = roles_of(user)
    desk = bool(roles & selectors.DESK_ROLES)
    upward = []
    if desk:
        for r in selectors.upward_reports(event):
            upward.append({"id": r.pk, "title": f"{r.get_kind_display()}{r.number if r.kind == 'follow_up' else ''}",
                           "kind": r.kind, "recipient": r.get_recipient_display(), "text": r.text,
                           "due": shanghai(r.due_at) or "—", "submitted": shanghai(r.submitted_at),
                           "overdue": r.is_overdue(now) or (r.overdue_at is not None and r.submitted_at is None),
                           "late": r.overdue_at is not None and r.submitted_at is not None})
    reports = [{"kind": r.get_kind_display(), "at": shanghai(r.received_at), "text": r.text,
                "who": r.reporter or (r.created_by.get_username() if r.created_by_id else ""),
                "phone": r.reporter_phone, "casualties": r.casualties,
                "attachments": [{"name": a.original_name, "url": f"/api/events/{event.pk}/attachments/{a.pk}/"}
                                for a in r.attachments.all()]}
               for r in selectors.event_reports(event).select_related("created_by")]
    timeline = []
    for entry in timeline_for_event(event.pk):
        item = entry_json(entry)
        item["to_label"] = EVENT_WORKFLOW.state_label(entry.to_state) if entry.to_state else ""
        item["action_label"] = str(ACTION_LABELS.get(entry.payload.get("action"), "")) if entry.payload else ""
        timeline.append(item)
    return {
        "event": event, "roman": ROMAN.get(event.severity, ""), "reported": shanghai(event.reported_at),
        "occurred": shanghai(event.occurred_at), "closed": shanghai(event.closed_at),
        "status_label": event.get_status_display(), "category_label": event.get_category_display(),
        "allowed": allowed_transitions(EVENT_WORKFLOW, event, user),
        "may_follow_up": bool(roles & selectors.FOLLOW_UP_ROLES) and event.status not in services.FINISHED,
        "may_desk": desk, "upward": upward, "reports": reports, "timeline": timeline,
        "severities": [(v, ROMAN[v], label) for v, label in Severity.choices],
        "kinds": UpwardReport.Kind.choices, "recipients": UpwardReport.Recipient.choices,
        "command_url": reverse("web:command", args=[event.pk]), **extra,
    }


def _event_or_refusal(request, event_id):
    try:
        return selectors.event_for(request.user, event_id), None
    except NotFound as exc:
        return None, render_desk(request, "web/desk/403.html", {"message": exc.message}, current="command", status=404)
    except DomainError as exc:
        return None, forbidden(request, exc.message, current="command")


@desk_page
@require_GET
def event_detail(request, event_id):
    event, refusal = _event_or_refusal(request, event_id)
    if refusal:
        return refusal
    return render_desk(request, "incidents/desk/event.html", _detail_context(request, event), current="command")


def _act(request, event_id, action):
    """Run `action()` (a service call) and answer with the refreshed event body partial."""
    event, refusal = _event_or_refusal(request, event_id)
    if refusal:
        return refusal
    status, message, ok = 200, "", ""
    try:
        ok = action(event) or ""
    except DomainError as exc:
        status, message = int(exc.status), exc.message
    event.refresh_from_db()
    return render(request, "incidents/desk/_event_body.html",
                  _detail_context(request, event, message=message, ok=ok), status=status)


@desk_page
@require_POST
def event_transition(request, event_id):
    def action(event):
        services.event_transition(event_id=event.pk, transition=request.POST.get("transition", ""),
                                  user=request.user, reason=request.POST.get("reason", ""))
        return _("Done.")
    return _act(request, event_id, action)


@desk_page
@require_POST
def event_severity(request, event_id):
    def action(event):
        services.event_change_severity(user=request.user, event_id=event.pk, severity=request.POST.get("severity"),
                                       reason=request.POST.get("reason", ""))
        return _("Severity changed.")
    return _act(request, event_id, action)


@desk_page
@require_POST
def event_follow_up(request, event_id):
    def action(event):
        services.event_follow_up(user=request.user, event_id=event.pk, text=request.POST.get("text", ""),
                                 casualties=request.POST.get("casualties") or None,
                                 files=request.FILES.getlist("attachments"))
        return _("Follow-up added.")
    return _act(request, event_id, action)


@desk_page
@require_POST
def upward_draft(request, event_id):
    def action(event):
        services.upward_report_draft(user=request.user, event_id=event.pk, kind=request.POST.get("kind"),
                                     recipient=request.POST.get("recipient"))
        return _("Report drafted.")
    return _act(request, event_id, action)


@desk_page
@require_POST
def upward_submit(request, report_id):
    report = UpwardReport.objects.filter(pk=report_id).only("event_id").first()
    if report is None:
        return render_desk(request, "web/desk/403.html", {"message": _("No such report.")}, status=404)

    def action(event):
        services.upward_report_submit(user=request.user, report_id=report_id, text=request.POST.get("text"))
        return _("Report submitted.")
    return _act(request, report.event_id, action)

