"""Desk pages of the plans module (Django templates + htmx inside the desk shell):

  /plans/                          list with filters (type, level, text, not drilled in 3 years)
  /plans/<id>/                     detail: current version's levels and actions, history, export, import
  /plans/<id>/export.<json|xlsx>   download
  /plans/import/                   upload a .json or .xlsx plan (a new plan, or a new version)
  /plans/matches/<event_id>/       the htmx partial the event desk includes: ranked plans with the
                                   rules, and "activate at level" buttons (POST …/activate/)"""
from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from geo_api.common.errors import DomainError, Refused
from geo_api.web.desk.shell import desk_page, forbidden, render_desk, shanghai

from . import access, selectors, services
from .apis import document_from_upload, export_response
from .models import PlanLevel, PlanType
from .types import ROMAN

MODULE = "plans"


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    plan_type = forms.ChoiceField(label=gettext_lazy("Plan type"), required=False,
                                  choices=[("", gettext_lazy("All"))] + PlanType.choices)
    level = forms.ChoiceField(label=gettext_lazy("Plan level"), required=False,
                              choices=[("", gettext_lazy("All"))] + PlanLevel.choices)
    drill_overdue = forms.BooleanField(label=gettext_lazy("Not drilled for over three years"), required=False)


@desk_page
@require_GET
def plan_list(request):
    if not access.may_read(request.user):
        return forbidden(request, _("Your role may not read emergency plans."), current=MODULE)
    form = PlanFilterForm(request.GET)
    rows, status = [], 200
    if form.is_valid():
        rows = [selectors.plan_summary(p) for p in selectors.plans_list(**form.cleaned_data)]
    else:
        status = 400
    context = {"form": form, "rows": rows, "may_edit": access.may_edit(request.user)}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "plans/desk/_rows.html", context, status=status)
    return render_desk(request, "plans/desk/list.html", context, current=MODULE, status=status)


@desk_page
@require_GET
def plan_detail(request, plan_id):
    try:
        plan = selectors.plan_for(plan_id, request.user)
    except Refused as exc:
        return forbidden(request, exc.message, current=MODULE)
    except DomainError as exc:
        return render_desk(request, "web/desk/403.html", {"message": exc.message}, current=MODULE, status=exc.status)
    return render_desk(request, "plans/desk/detail.html", {
        "plan": selectors.plan_detail(plan), "may_edit": access.may_edit(request.user)}, current=MODULE)


@desk_page
@require_GET
def plan_export(request, plan_id, kind):
    try:
        return export_response(selectors.plan_for(plan_id, request.user), kind)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")


@desk_page
@require_POST
def plan_import(request):
    """The import form's answer: the plan's page, or the problems (sheet, row, field) in place."""
    upload = request.FILES.get("file")
    try:
        access.require(request.user, access.PLAN_EDITORS, _("import or revise plans"))
        if upload is None:
            return render(request, "plans/desk/_import_result.html",
                          {"error": _("Choose a .json or .xlsx file first.")}, status=400)
        version = services.plan_import(data=document_from_upload(upload), user=request.user)
    except DomainError as exc:
        return render(request, "plans/desk/_import_result.html",
                      {"error": exc.message, "problems": exc.detail.get("problems", [])}, status=exc.status)
    url = reverse("plans:detail", args=[version.plan_id])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    from django.shortcuts import redirect

    return redirect(url)


# -- the panel on the event desk ---------------------------------------------------------------------
def _matches_context(request, event_id, **extra) -> dict:
    event, matches = selectors.plan_matches(event_id=event_id, user=request.user)
    for m in matches:
        m["response_label"] = ROMAN.get(m["response_level"], "")
    from geo_api.plans.models import PlanActivation

    activations = [{"plan": a.version.title, "level": ROMAN[a.response_level], "by": a.activated_by.get_username(),
                    "at": shanghai(a.activated_at), "tasks": a.tasks.count()}
                   for a in PlanActivation.objects.filter(event_id=event.pk).select_related("version", "activated_by")]
    return {"event": event, "matches": matches, "activations": activations,
            "may_activate": access.holds(request.user, access.PLAN_ACTIVATORS),
            "levels": [(n, ROMAN[n]) for n in (1, 2, 3, 4)], **extra}


def _panel_error(request, exc: DomainError):
    return render(request, "plans/desk/_matches.html", {"error": exc.message}, status=exc.status
                  if exc.status in (400, 403, 404) else 200)


@desk_page
@require_GET
def event_matches(request, event_id):
    try:
        context = _matches_context(request, event_id)
    except DomainError as exc:
        return _panel_error(request, exc)
    return render(request, "plans/desk/_matches.html", context)


@desk_page
@require_http_methods(["POST"])
def event_activate(request, event_id):
    """The panel's "activate at level" button: activates and answers with the refreshed panel."""
    message, error = "", ""
    try:
        plan_id = int(request.POST.get("plan", ""))
        level = int(request.POST.get("response_level", ""))
    except ValueError:
        plan_id = level = None
        error = _("Choose a plan and a response level.")
    if plan_id is not None:
        try:
            activation = services.plan_activate(plan_id=plan_id, event_id=event_id, response_level=level,
                                                reason=request.POST.get("reason", "")[:2000], user=request.user)
            message = _("%(plan)s activated at level %(level)s: %(n)s tasks sent.") % {
                "plan": activation.version.title, "level": ROMAN[level], "n": activation.tasks.count()}
        except DomainError as exc:
            if exc.status in (401, 403, 404):
                return _panel_error(request, exc)
            error = exc.message
    try:
        context = _matches_context(request, event_id, message=message, action_error=error)
    except DomainError as exc:
        return _panel_error(request, exc)
    return render(request, "plans/desk/_matches.html", context)
