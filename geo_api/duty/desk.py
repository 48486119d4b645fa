"""Duty desk pages (/duty/, /duty/rosters/): Django templates with htmx partials in the desk shell.
Every write goes through duty.services; a DomainError becomes the partial with its message and
status, so the person sees what to correct without a reload."""
from __future__ import annotations

from datetime import date, timedelta

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from geo_api.common.errors import DomainError
from geo_api.web.desk.shell import desk_page, forbidden, render_desk

from . import calendar as cal
from . import excel, selectors, services
from .access import may_keep_desk
from .models import DutyPerson, LogEntry, Roster, ShiftTemplate, SwapRequest
from .services import SWAP_WORKFLOW

MODULE = "duty"


def _desk_only(view):
    """The desk's pages: signed in (desk_page) and a duty desk role, else the refusal page."""
    @desk_page
    def wrapped(request, *args, **kwargs):
        if not may_keep_desk(request.user):
            return forbidden(request, _("The duty desk is for duty officers, the commander and administrators."),
                             current=MODULE)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _today() -> date:
    return timezone.now().astimezone(cal.SHANGHAI).date()


# -- /duty/ ----------------------------------------------------------------------------------------
def _log_context(shift_id: int | None, **extra) -> dict:
    shift = selectors.shift(shift_id) if shift_id else None
    entries = [selectors.log_entry_json(e) for e in selectors.shift_log(shift_id)] if shift else []
    handed = getattr(shift, "handover", None) if shift else None
    return {"log_shift": selectors.shift_json(shift) if shift else None, "log": entries,
            "log_closed": handed is not None, "kinds": LogEntry.Kind.choices,
            "open_count": sum(1 for e in entries if e["is_open"]), **extra}


def _index_page(request, shift_id=None, *, status=200, log_extra=None, handover_extra=None):
    now_shifts = selectors.on_duty_at()
    if shift_id is None:
        shift_id = now_shifts[0].pk if now_shifts else None
    context = {
        "now_shifts": [selectors.shift_json(s) for s in now_shifts], "today_date": _today(),
        "today": [selectors.shift_json(s) for s in selectors.shifts_of_day(_today())],
        **_log_context(shift_id, **(log_extra or {})), **_handover_context(shift_id, **(handover_extra or {})),
    }
    return render_desk(request, "duty/index.html", context, current=MODULE, status=status)


@_desk_only
@require_GET
def index(request):
    chosen = request.GET.get("shift")
    return _index_page(request, int(chosen) if chosen and chosen.isdigit() else None)


def _handover_context(shift_id, **extra) -> dict:
    shift = selectors.shift(shift_id) if shift_id else None
    if shift is None:
        return {"handover_shift": None, **extra}
    following = services.next_shift(shift)
    done = getattr(shift, "handover", None)
    return {"handover_shift": selectors.shift_json(shift),
            "next_shift": selectors.shift_json(selectors.shift(following.pk)) if following else None,
            "handover": selectors.handover_json(done) if done else None, **extra}


@_desk_only
@require_POST
def log_add(request, shift_id):
    status, error, errors = 200, None, {}
    try:
        services.log_entry_add(shift_id=shift_id, kind=request.POST.get("kind", ""), text=request.POST.get("text", ""),
                               event_id=request.POST.get("event") or None, is_open=request.POST.get("is_open") == "on",
                               user=request.user)
    except DomainError as exc:
        status, error, errors = int(exc.status), exc.message, exc.detail.get("errors", {})
    extra = {"error": error, "errors": errors, "form": request.POST if error else {}}
    if not request.htmx:
        if error:
            return _index_page(request, shift_id, status=status, log_extra=extra)
        return redirect(f"{reverse('duty:index')}?shift={shift_id}")
    return render(request, "duty/_log.html", _log_context(shift_id, **extra), status=status)


@_desk_only
@require_POST
def log_resolve(request, entry_id):
    entry = LogEntry.objects.filter(pk=entry_id).first()
    status, error = 200, None
    try:
        services.log_entry_resolve(entry_id=entry_id, user=request.user)
    except DomainError as exc:
        status, error = int(exc.status), exc.message
    shift_id = entry.shift_id if entry else None
    if not request.htmx:
        if error:
            return _index_page(request, shift_id, status=status, log_extra={"error": error})
        return redirect(f"{reverse('duty:index')}?shift={shift_id}")
    return render(request, "duty/_log.html", _log_context(shift_id, error=error, form={}), status=status)


@_desk_only
@require_POST
def handover(request, shift_id):
    status, error = 200, None
    received = request.POST.get("received_by")
    try:
        services.handover_record(from_shift_id=shift_id, user=request.user, notes=request.POST.get("notes", ""),
                                 received_by_id=int(received) if received and received.isdigit() else None)
    except DomainError as exc:
        status, error = int(exc.status), exc.message
    if not request.htmx:
        if error:
            return _index_page(request, shift_id, status=status, handover_extra={"handover_error": error})
        return redirect(f"{reverse('duty:index')}?shift={shift_id}")
    return render(request, "duty/_handover.html", _handover_context(shift_id, handover_error=error), status=status)


# -- /duty/rosters/ --------------------------------------------------------------------------------
def _month_param(request) -> date:
    text = request.GET.get("month") or request.POST.get("month")
    if text:
        try:
            return cal.parse_month(text)
        except DomainError:
            pass
    return _today().replace(day=1)


def _grid(roster: Roster | None) -> dict:
    """Days × shifts of the day, each cell the shift (or None where the template has no shift)."""
    if roster is None:
        return {"days": [], "slots": []}
    slots = [s["name"] for s in roster.template.slots]
    by_key = {(s["date"], s["slot"]): s for s in map(selectors.shift_json, selectors.roster_shifts(roster))}
    days = []
    for day in cal.month_days(roster.month):
        kind = cal.day_kind(day)
        days.append({"date": day.isoformat(), "weekday": "一二三四五六日"[day.weekday()],
                     "holiday": cal.holiday_label(kind.holiday_name) if kind.holiday_name else "",
                     "is_holiday": kind.is_holiday, "adjusted": kind.is_adjusted_workday,
                     "cells": [by_key.get((day.isoformat(), i)) for i in range(len(slots))]})
    return {"days": days, "slots": slots}


def _rosters_context(request, month: date, template_id=None, **extra) -> dict:
    templates = list(ShiftTemplate.objects.all())
    if template_id is None:
        raw = request.GET.get("template") or request.POST.get("template")
        template_id = int(raw) if raw and raw.isdigit() else (templates[0].pk if templates else None)
    roster = Roster.objects.select_related("template").filter(template_id=template_id, month=month).first()
    prev_month = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return {"month": month, "month_text": f"{month:%Y-%m}", "prev_month": f"{prev_month:%Y-%m}",
            "next_month": f"{next_month:%Y-%m}", "templates": templates, "template_id": template_id,
            "roster": roster, "grid": _grid(roster), "people": list(DutyPerson.objects.filter(active=True)),
            "swaps": [_swap_row(w, request.user) for w in selectors.swaps(month=month)], **extra}


def _swap_row(swap: SwapRequest, user) -> dict:
    from geo_api.timeline.transitions import allowed_transitions

    return {**selectors.swap_json(swap), "actions": allowed_transitions(SWAP_WORKFLOW, swap, user)}


@_desk_only
@require_GET
def rosters(request):
    return render_desk(request, "duty/rosters.html", _rosters_context(request, _month_param(request)), current=MODULE)


@_desk_only
@require_POST
def roster_generate(request):
    month = _month_param(request)
    raw = request.POST.get("template", "")
    try:
        roster = services.roster_generate(template_id=int(raw) if raw.isdigit() else 0, month=month, user=request.user)
    except DomainError as exc:
        context = _rosters_context(request, month, generate_error=exc.message)
        return render_desk(request, "duty/rosters.html", context, current=MODULE, status=int(exc.status))
    return redirect(f"{reverse('duty:rosters')}?month={month:%Y-%m}&template={roster.template_id}")


@_desk_only
@require_POST
def roster_import(request, roster_id):
    roster = Roster.objects.select_related("template").filter(pk=roster_id).first()
    if roster is None:
        return forbidden(request, _("There is no such roster."), current=MODULE)
    upload = request.FILES.get("file")
    status, extra = 200, {}
    try:
        excel.roster_import(roster=roster, data=upload.read(excel.MAX_BYTES + 1) if upload else b"", user=request.user)
        extra["import_done"] = True
    except DomainError as exc:
        status = int(exc.status)
        extra.update(import_error=exc.message, import_errors=exc.detail.get("errors", {}).get("rows", []))
    context = _rosters_context(request, roster.month, template_id=roster.template_id, **extra)
    return render_desk(request, "duty/rosters.html", context, current=MODULE, status=status)


@_desk_only
def shift_edit(request, shift_id):
    """GET the cell's edit form; POST saves it and answers the cell."""
    shift = selectors.shift(shift_id)
    if shift is None:
        return forbidden(request, _("There is no such shift."), current=MODULE)
    if request.method == "POST":
        leader = request.POST.get("leader")
        try:
            services.shift_set_members(shift_id=shift_id, leader_id=int(leader) if leader and leader.isdigit() else None,
                                       officer_ids=services.require_person_ids(request.POST.getlist("officers"), "officers"),
                                       user=request.user)
        except DomainError as exc:
            return render(request, "duty/_cell_form.html", {
                "cell": selectors.shift_json(shift), "people": DutyPerson.objects.filter(active=True),
                "error": exc.message}, status=int(exc.status))
        if not request.htmx:
            return redirect(f"{reverse('duty:rosters')}?month={shift.date:%Y-%m}&template={shift.roster.template_id}")
        return render(request, "duty/_cell.html", {"cell": selectors.shift_json(selectors.shift(shift_id))})
    if request.GET.get("cancel"):
        return render(request, "duty/_cell.html", {"cell": selectors.shift_json(shift)})
    return render(request, "duty/_cell_form.html", {"cell": selectors.shift_json(shift),
                                                    "people": DutyPerson.objects.filter(active=True)})


def _swaps_partial(request, month, status=200, **extra):
    if not request.htmx:  # without JavaScript: the whole page, with the outcome
        return render_desk(request, "duty/rosters.html", _rosters_context(request, month, **extra), current=MODULE,
                           status=status)
    context = {"swaps": [_swap_row(w, request.user) for w in selectors.swaps(month=month)], "month_text": f"{month:%Y-%m}",
               "people": DutyPerson.objects.filter(active=True), **extra}
    return render(request, "duty/_swaps.html", context, status=status)


@_desk_only
@require_POST
def swap_create(request):
    month = _month_param(request)
    p = request.POST

    def as_int(name):
        return int(p[name]) if p.get(name, "").isdigit() else None

    try:
        if as_int("shift") is None or as_int("from_person") is None or as_int("to_person") is None:
            from geo_api.common.errors import InvalidInput

            raise InvalidInput(_("Choose the shift, who gives it away and who takes it over."))
        services.swap_request(shift_id=as_int("shift"), from_person_id=as_int("from_person"),
                              to_person_id=as_int("to_person"), counter_shift_id=as_int("counter_shift"),
                              reason=p.get("reason", ""), user=request.user)
    except DomainError as exc:
        return _swaps_partial(request, month, status=int(exc.status), swap_error=exc.message)
    return _swaps_partial(request, month, swap_done=True)


@_desk_only
@require_POST
def swap_decide(request, swap_id, name):
    month = _month_param(request)
    try:
        services.swap_transition(swap_id=swap_id, transition=name, user=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        return _swaps_partial(request, month, status=int(exc.status), swap_error=exc.message)
    response = _swaps_partial(request, month)
    if name == "approve":
        response["HX-Refresh"] = "true"  # the grid changed too: show the roster as it is now
    return response
