"""Desk pages of the case library (Django templates + htmx inside the desk shell):

  /cases/                     search with filters (text, type, severity, street, time), paged
  /cases/<id>/                the record: summary, small map, timeline, tasks, instructions,
                              reports, the plan used and its evaluation form, link to the replay
  /cases/<id>/evaluation/     POST: the evaluation form (plans.evaluation.plan_evaluate)
  /cases/<id>/replay/         the replay map page (map_client/src/replay/)"""
from __future__ import annotations

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from geo_api.common.errors import DomainError, Refused
from geo_api.plans import access as plan_access
from geo_api.plans.evaluation import activation_actions, plan_evaluate
from geo_api.plans.evaluation_models import PlanActionRating, PlanEvaluation
from geo_api.plans.evaluation_selectors import evaluation_json
from geo_api.plans.models import Department, PlanActivation
from geo_api.reference.codes import Severity
from geo_api.reference.models import District
from geo_api.web.desk.shell import desk_page, forbidden, render_desk

from . import selectors
from .minimap import case_minimap
from .models import Case

MODULE = "cases"


def _filter_choices(user) -> dict:
    visible = selectors.cases_visible_to(user, drills=True)
    return {"event_types": sorted(set(visible.values_list("event_type", flat=True))),
            "severities": [(v, str(label)) for v, label in Severity.choices],
            "districts": list(District.objects.order_by("name").values_list("id", "name"))}


@desk_page
@require_GET
def case_list(request):
    try:
        found = selectors.case_filter_from(request.GET)
        cases = selectors.cases_search(request.user, found)
        try:
            page = max(1, int(request.GET.get("page") or 1))
        except ValueError:
            page = 1
        total = cases.count()
        size = selectors.PAGE_SIZE
        pages = max(1, -(-total // size))
        page = min(page, pages)
        rows = [selectors.case_summary(c) for c in cases[(page - 1) * size: page * size]]
        error, status = "", 200
    except Refused as exc:
        return forbidden(request, exc.message, current=MODULE)
    except DomainError as exc:
        found, rows, total, page, pages, error, status = None, [], 0, 1, 1, exc.message, exc.status
    query = request.GET.copy()
    query.pop("page", None)
    context = {"rows": rows, "total": total, "page": page, "pages": pages, "error": error, "params": request.GET,
               "query": query.urlencode(), "drills_allowed": selectors.cases_visible_to(request.user, drills=True)
               .filter(is_drill=True).exists(), **_filter_choices(request.user)}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "cases/desk/_rows.html", context, status=status)
    return render_desk(request, "cases/desk/list.html", context, current=MODULE, status=status)


def _evaluation_forms(case: Case, user) -> list[dict]:
    """One entry per plan activation of the event: its evaluation, or the form to write it."""
    may = plan_access.holds(user, plan_access.PLAN_ACTIVATORS)
    out = []
    for activation in PlanActivation.objects.filter(event_id=case.event_id).select_related("version").order_by("activated_at"):
        done = PlanEvaluation.objects.filter(activation=activation).select_related("version", "event", "evaluated_by").first()
        out.append({"activation": activation, "title": activation.version.title, "version": activation.version.number,
                    "evaluation": evaluation_json(done) if done else None,
                    "actions": activation_actions(activation) if (may and not done) else []})
    return out


def _detail_context(request, case: Case, **extra) -> dict:
    return {"case": selectors.case_detail(case), "map": case_minimap(case),
            "evaluations": _evaluation_forms(case, request.user),
            "ratings": PlanActionRating.Rating.choices, "departments": Department.objects.order_by("code"),
            "may_evaluate": plan_access.holds(request.user, plan_access.PLAN_ACTIVATORS), **extra}


@desk_page
@require_GET
def case_detail(request, case_id):
    try:
        case = selectors.case_for(request.user, case_id)
    except Refused as exc:
        return forbidden(request, exc.message, current=MODULE)
    except DomainError as exc:
        return render_desk(request, "web/desk/403.html", {"message": exc.message}, current=MODULE, status=exc.status)
    return render_desk(request, "cases/desk/detail.html", _detail_context(request, case), current=MODULE)


def evaluation_body(post: QueryDict, activation: PlanActivation) -> dict:
    """The form's fields as the API's body: rating_<action>, note_<action>, proposed_title_<n>…"""
    ratings = [{"action": a.pk, "rating": post.get(f"rating_{a.pk}", ""), "note": post.get(f"note_{a.pk}", "")}
               for a in activation_actions(activation)]
    proposed = []
    for n in range(3):
        title = post.get(f"proposed_title_{n}", "").strip()
        if title:
            department = post.get(f"proposed_department_{n}", "")
            proposed.append({"title": title, "department": int(department) if department.isdigit() else None,
                             "note": post.get(f"proposed_note_{n}", "")})
    return {"activation": activation.pk, "ratings": ratings, "proposed_actions": proposed,
            "summary": post.get("summary", "")}


@desk_page
@require_POST
def case_evaluate(request, case_id):
    try:
        case = selectors.case_for(request.user, case_id)
        activation = PlanActivation.objects.filter(event_id=case.event_id, pk=request.POST.get("activation") or 0).first()
        if activation is None:
            raise Refused(_("Choose one of this event's plan activations."))
        plan_evaluate(plan_id=activation.plan_id, body=evaluation_body(request.POST, activation), user=request.user)
    except Refused as exc:
        return forbidden(request, exc.message, current=MODULE)
    except DomainError as exc:
        if exc.status == 404:
            return render_desk(request, "web/desk/403.html", {"message": exc.message}, current=MODULE, status=404)
        return render_desk(request, "cases/desk/detail.html", _detail_context(
            request, case, evaluation_error=exc.message, evaluation_posted=request.POST), current=MODULE,
            status=exc.status)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#evaluations")


@desk_page
@require_GET
@ensure_csrf_cookie
def case_replay(request, case_id):
    """The replay map: a page of its own (no desk shell), like the command map."""
    from geo_api.web.views import _config, page_lang

    try:
        case = selectors.case_for(request.user, case_id)
    except Refused as exc:
        return forbidden(request, exc.message, current=MODULE)
    except DomainError as exc:
        return render_desk(request, "web/desk/403.html", {"message": exc.message}, current=MODULE, status=exc.status)
    lang = page_lang(request)
    return render(request, "cases/replay.html", {
        "lang": lang, "html_lang": "en" if lang == "en" else "zh-Hans", "case": case,
        "config": _config(request, lang, eventId=case.event_id, caseId=case.pk, caseUrl=reverse("cases:detail", args=[case.pk]))})
