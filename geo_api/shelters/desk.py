"""The /shelters/ desk pages (Django templates + htmx in the desk shell): the list with filters,
exports and statistics (status counts, capacity against population by street with the 15 % rule,
overdue rectifications, due inspections, inspection plans); one shelter's whole lifecycle
(collection and photos, designation and filing with their decision records, evaluation with the
computed conclusion, inspections and rectification tasks, opening in an event); and the phone-sized
inspection page. Every write calls shelters.services; a refusal re-renders the page with its message."""
from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import push_url

from geo_api.accounts.roles import Role, roles_of
from geo_api.common.errors import DomainError
from geo_api.timeline.selectors import timeline_for
from geo_api.timeline.transitions import allowed_transitions, readable_instance
from geo_api.web.desk.shell import desk_page, forbidden, render_desk, shanghai

from . import capacity, evaluation, exports, selectors, services
from .listing import ShelterFilterForm, shelter_rows
from .models import Inspection, InspectionPlan, Rectification, Shelter, ShelterOpening
from .services import RECTIFICATION_WORKFLOW, SHELTER_WORKFLOW

MODULE = "shelters"
ENTRY = "src/desk/shelters.js"
# Who opens the module (geo_api/web/modules.py reads this too).
DESK_ROLES = frozenset({Role.SHELTER_STAFF, Role.COMMANDER, Role.DUTY_OFFICER, Role.ADMINISTRATOR})


def may_open(user) -> bool:
    return bool(roles_of(user) & DESK_ROLES)


def _guard(view):
    @desk_page
    def wrapped(request, *args, **kwargs):
        if not may_open(request.user):
            return forbidden(request, _("The shelters module is for shelter staff, commanders and duty officers."),
                             current=MODULE)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _list_url(params: dict) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("shelters:index") + (f"?{query}" if query else "")


def _charts() -> dict:
    counts = selectors.status_counts()
    streets = selectors.capacity_by_street()
    return {
        "status": {"title": _("Shelters by status"), "labels": [str(label) for _v, label in Shelter.Designation.choices],
                   "values": [counts["designation"][v] for v in Shelter.Designation.values]},
        # xgettext:no-python-format  (“15 % of” looks like a %o directive: msgmerge marked the translation fuzzy)
        "streets": {"title": _("Fixed shelter capacity against 15 % of the population"),
                    "labels": [s["name"] for s in streets], "capacity": [s["fixed_capacity"] for s in streets],
                    "required": [s["required_capacity"] for s in streets],
                    "capacity_label": _("Fixed shelter capacity"), "required_label": _("Required (15 %)")},
    }


@_guard
def index(request):
    form = ShelterFilterForm(request.GET)
    if not form.is_valid():
        rows, error = [], _("Some filters are not valid; correct them and try again.")
    else:
        rows, error = shelter_rows(request.user, form.cleaned_data), None
        kind = request.GET.get("format")
        if kind in ("xlsx", "gpkg"):
            return exports.xlsx(rows, "shelters") if kind == "xlsx" else exports.gpkg(rows, "shelters")
    params = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    context = {
        "form": form, "rows": rows, "error": error, "chart_entry": ENTRY,
        "export_xlsx": _list_url({**params, "format": "xlsx"}), "export_gpkg": _list_url({**params, "format": "gpkg"}),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "shelters/desk/_list.html", context, status=400 if error else 200)
        push_url(response, _list_url(params))
        return response
    streets = selectors.capacity_by_street()
    context.update(
        charts=_charts(), streets=streets, short=[s for s in streets if s["population"] and not s["meets_rule"]],
        overdue=list(selectors.overdue_rectifications()[:50]),
        due=list(selectors.due_inspections()[:50]),
        plans=InspectionPlan.objects.select_related("shelter", "district").order_by("next_due")[:50],
        counts=selectors.status_counts(), open_rectifications=selectors.open_rectification_count(),
        plan_units=InspectionPlan.Unit.choices,
        shelters_for_plans=Shelter.objects.filter(designation_status__in=("designated", "filed", "evaluated"))
        .order_by("code").values("id", "code", "name"),
    )
    from geo_api.reference.models import District

    context["districts"] = District.objects.order_by("code").values("id", "name")
    return render_desk(request, "shelters/desk/index.html", context, current=MODULE, status=400 if error else 200)


@_guard
def plan_new(request):
    if request.method != "POST":
        return redirect("shelters:index")
    try:
        services.plan_create(user=request.user, name=request.POST.get("name"), every=request.POST.get("every"),
                             unit=request.POST.get("unit"), starts_on=request.POST.get("starts_on"),
                             shelter_id=request.POST.get("shelter") or None,
                             district_id=request.POST.get("district") or None)
    except DomainError as exc:
        return _index_error(request, exc)
    return redirect(reverse("shelters:index") + "#plans")


def _index_error(request, exc):
    return render_desk(request, "shelters/desk/error.html", {"message": exc.message, "errors": exc.detail.get("errors"),
                                                              "back": reverse("shelters:index")},
                       current=MODULE, status=int(exc.status))


# -- one shelter ------------------------------------------------------------------------------------
def _detail_context(request, shelter: Shelter) -> dict:
    user = request.user
    evaluations = list(shelter.evaluations.all()[:10])
    inspections = list(Inspection.objects.filter(shelter=shelter).prefetch_related("findings", "files")
                       .order_by("-due_on", "-id")[:20])
    tasks = []
    for task in Rectification.objects.filter(shelter=shelter).order_by("status", "deadline", "id"):
        tasks.append({"task": task, "allowed": allowed_transitions(RECTIFICATION_WORKFLOW, task, user)})
    from geo_api.incidents.models import Event

    openings = list(ShelterOpening.objects.filter(shelter=shelter).select_related("event").order_by("-opened_at")[:10])
    return {
        "shelter": shelter, "chart_entry": ENTRY,
        "allowed": allowed_transitions(SHELTER_WORKFLOW, shelter, user),
        "per_person": capacity.PER_PERSON_M2[shelter.shelter_type], "service_radius": capacity.SERVICE_RADIUS_M[shelter.shelter_type],
        "photos": shelter.files.filter(kind="photo"), "decisions": shelter.decisions.prefetch_related("files"),
        "indicators": evaluation.catalogue_json(), "items": evaluation.ITEMS, "evaluations": evaluations,
        "unmet_text": {e.pk: "; ".join(f"{evaluation.KIND_LABELS[k]}: {', '.join(codes)}" for k, codes in e.unmet.items()
                                       if codes) for e in evaluations},
        "latest_unmet": evaluations[0].unmet if evaluations else {},
        "inspections": inspections, "tasks": tasks, "unavailable": selectors.unavailable_reasons(shelter),
        "openings": openings, "open_opening": next((o for o in openings if o.closed_at is None), None),
        "events": Event.objects.filter(is_drill=False).exclude(status__in=("closed", "dismissed", "archived"))
        .order_by("-reported_at")[:30],
        "shelter_types": Shelter.ShelterType.choices, "space_types": Shelter.SpaceType.choices,
        "timeline": [{"at": shanghai(e.at), "actor": e.actor_label, "to": SHELTER_WORKFLOW.state_label(e.to_state)
                      if e.transition else "", "what": e.reason} for e in list(timeline_for(shelter))[-15:]],
        "severities": Rectification._meta.get_field("severity").choices,
    }


def _shelter_or_404(request, shelter_id):
    return readable_instance(SHELTER_WORKFLOW, shelter_id, request.user)


@_guard
def detail(request, shelter_id):
    try:
        shelter = _shelter_or_404(request, shelter_id)
    except DomainError as exc:
        return _index_error(request, exc)
    return render_desk(request, "shelters/desk/detail.html", _detail_context(request, shelter), current=MODULE)


def _act(request, shelter_id, action):
    """Run `action()` (a service call); back to the shelter page, or the page again with the refusal."""
    if request.method != "POST":
        return redirect("shelters:detail", shelter_id=shelter_id)
    try:
        action()
    except DomainError as exc:
        try:
            shelter = _shelter_or_404(request, shelter_id)
        except DomainError as missing:
            return _index_error(request, missing)
        context = _detail_context(request, shelter)
        context.update(action_error=exc.message, action_errors=exc.detail.get("errors"))
        return render_desk(request, "shelters/desk/detail.html", context, current=MODULE, status=int(exc.status))
    return redirect(reverse("shelters:detail", args=[shelter_id]) + request.POST.get("anchor", ""))


@_guard
def collect(request, shelter_id):
    p = request.POST
    return _act(request, shelter_id, lambda: services.shelter_collect(
        shelter_id=shelter_id, user=request.user, area_m2=p.get("area_m2"), shelter_type=p.get("shelter_type"),
        space_type=p.get("space_type")))


@_guard
def photo(request, shelter_id):
    return _act(request, shelter_id, lambda: services.shelter_add_photo(
        shelter_id=shelter_id, user=request.user, upload=request.FILES.get("file")))


@_guard
def transition(request, shelter_id, name):
    p = request.POST
    return _act(request, shelter_id, lambda: services.shelter_transition(
        shelter_id=shelter_id, transition=name, user=request.user, reason=p.get("reason", ""),
        decision={k: p.get(k) for k in ("document_number", "decided_on", "authority")},
        attachment=request.FILES.get("attachment")))


@_guard
def evaluate(request, shelter_id):
    p = request.POST
    results = {i.code: p.get(f"indicator-{i.code}") for i in evaluation.INDICATORS if p.get(f"indicator-{i.code}")}
    return _act(request, shelter_id, lambda: services.shelter_evaluate(
        shelter_id=shelter_id, user=request.user, results=results, evaluated_on=p.get("evaluated_on") or None,
        team=p.get("team", ""), note=p.get("note", "")))


@_guard
def rectification(request, shelter_id, task_id, name):
    return _act(request, shelter_id, lambda: services.rectification_transition(
        rectification_id=task_id, transition=name, user=request.user, reason=request.POST.get("reason", "")))


@_guard
def open_in_event(request, shelter_id):
    def action():
        event = request.POST.get("event", "")
        if not event.isdigit():
            from geo_api.common.errors import InvalidInput

            raise InvalidInput(_("Choose the event to open the shelter for."))
        services.opening_open(user=request.user, event_id=int(event), shelter_id=shelter_id)

    return _act(request, shelter_id, action)


@_guard
def movement(request, shelter_id, opening_id):
    def action():
        opening = ShelterOpening.objects.filter(pk=opening_id, shelter_id=shelter_id).first()
        count = request.POST.get("count", "")
        if opening is None:
            from geo_api.common.errors import NotFound

            raise NotFound(_("This shelter has no such opening."))
        if request.POST.get("kind") == "close":
            services.opening_close(user=request.user, event_id=opening.event_id, opening_id=opening.pk)
            return
        services.movement_record(user=request.user, event_id=opening.event_id, opening_id=opening.pk,
                                 kind=request.POST.get("kind"), count=int(count) if count.isdigit() else count,
                                 names=request.POST.get("names", ""))

    return _act(request, shelter_id, action)


# -- the phone page ---------------------------------------------------------------------------------
FINDING_ROWS = 3


@_guard
def inspect(request, shelter_id):
    try:
        shelter = _shelter_or_404(request, shelter_id)
    except DomainError as exc:
        return _index_error(request, exc)
    due = Inspection.objects.filter(shelter=shelter, recorded_at__isnull=True).order_by("due_on").first()
    context = {"shelter": shelter, "due": due, "rows": range(FINDING_ROWS), "chart_entry": ENTRY,
               "severities": Rectification._meta.get_field("severity").choices, "indicators": evaluation.INDICATORS}
    if request.method == "POST":
        p = request.POST
        findings = []
        for n in range(FINDING_ROWS):
            text = (p.get(f"finding-{n}-description") or "").strip()
            if text:
                findings.append({"description": text, "severity": p.get(f"finding-{n}-severity"),
                                 "deadline": p.get(f"finding-{n}-deadline"), "indicator": p.get(f"finding-{n}-indicator", "")})
        position = {k: p.get(k) for k in ("lon", "lat", "accuracy")} if p.get("lon") and p.get("lat") else None
        try:
            services.inspection_record(user=request.user, shelter_id=shelter.pk, inspection_id=p.get("inspection") or None,
                                       notes=p.get("notes", ""), position=position, findings=findings,
                                       photos=request.FILES.getlist("photos"))
        except DomainError as exc:
            context.update(action_error=exc.message, action_errors=exc.detail.get("errors"), posted=p)
            return render_desk(request, "shelters/desk/inspect.html", context, current=MODULE, status=int(exc.status))
        return redirect(reverse("shelters:detail", args=[shelter.pk]) + "#inspections")
    return render_desk(request, "shelters/desk/inspect.html", context, current=MODULE)
