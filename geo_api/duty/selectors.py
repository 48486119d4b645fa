"""Reads of the duty desk: who is on duty at an instant, the shifts of a day or a month, the log
of a shift, swap requests; and their JSON shapes."""
from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone

from geo_api.web.desk.shell import shanghai

from . import calendar as cal
from .models import Handover, LogEntry, Roster, Shift, ShiftMember, SwapRequest, TemplateMember


def _shifts():
    return Shift.objects.select_related("roster__template").prefetch_related(
        Prefetch("members", queryset=ShiftMember.objects.select_related("person")))


def on_duty_at(at: datetime | None = None) -> list[Shift]:
    """The shifts whose [starts_at, ends_at) holds `at` (now by default), one per template: at a
    boundary the incoming shift is on duty."""
    at = at or timezone.now()
    return list(_shifts().filter(starts_at__lte=at, ends_at__gt=at).order_by("roster__template__name"))


def shifts_of_day(day: date) -> list[Shift]:
    """Every shift of the duty day `day` (a 24-hour shift that started yesterday morning is
    yesterday's)."""
    return list(_shifts().filter(date=day).order_by("starts_at", "roster__template__name"))


def shift(shift_id: int) -> Shift | None:
    return _shifts().filter(pk=shift_id).first()


def roster_shifts(roster: Roster) -> list[Shift]:
    return list(_shifts().filter(roster=roster).order_by("date", "slot"))


def shift_log(shift_id: int) -> list[LogEntry]:
    return list(LogEntry.objects.filter(shift_id=shift_id).select_related("carried_from__shift")
                .order_by("at", "id"))


def swaps(*, status: str | None = None, month: date | None = None) -> list[SwapRequest]:
    query = SwapRequest.objects.select_related("shift__roster__template", "from_person", "to_person", "counter_shift")
    if status:
        query = query.filter(status=status)
    if month:
        query = query.filter(shift__roster__month=month)
    return list(query.order_by("-requested_at"))


# -- JSON ------------------------------------------------------------------------------------------
def person_json(person) -> dict:
    return {"id": person.pk, "name": person.name, "phone": person.phone, "organization": person.organization,
            "title": person.title}


def shift_json(s: Shift) -> dict:
    members = list(s.members.all())
    leader = next((m.person for m in members if m.role == TemplateMember.Role.LEADER), None)
    return {
        "id": s.pk, "template": s.roster.template.name, "roster": s.roster_id, "date": s.date.isoformat(),
        "slot": s.slot, "name": s.name,
        "starts_at": s.starts_at.astimezone(cal.SHANGHAI).isoformat(),
        "ends_at": s.ends_at.astimezone(cal.SHANGHAI).isoformat(),
        "starts": shanghai(s.starts_at), "ends": shanghai(s.ends_at),
        "is_holiday": s.is_holiday, "holiday_name": s.holiday_name,
        "holiday_label": cal.holiday_label(s.holiday_name) if s.holiday_name else "",
        "is_adjusted_workday": s.is_adjusted_workday,
        "leader": person_json(leader) if leader else None,
        "officers": [person_json(m.person) for m in members if m.role == TemplateMember.Role.OFFICER],
    }


def log_entry_json(e: LogEntry) -> dict:
    return {"id": e.pk, "shift": e.shift_id, "at": e.at.astimezone(cal.SHANGHAI).isoformat(), "time": shanghai(e.at),
            "kind": e.kind, "kind_label": str(LogEntry.Kind(e.kind).label), "text": e.text, "event": e.event_id,
            "is_open": e.is_open, "resolved_at": e.resolved_at.isoformat() if e.resolved_at else None,
            "carried_from": e.carried_from_id, "author": e.author_label}


def handover_json(h: Handover) -> dict:
    return {"id": h.pk, "from_shift": h.from_shift_id, "to_shift": h.to_shift_id,
            "handed_by": person_json(h.handed_by), "received_by": person_json(h.received_by), "notes": h.notes,
            "open_items": h.open_items, "at": h.at.astimezone(cal.SHANGHAI).isoformat(), "time": shanghai(h.at)}


def swap_json(w: SwapRequest) -> dict:
    return {"id": w.pk, "shift": w.shift_id, "shift_label": f"{w.shift.date:%Y-%m-%d} {w.shift.name}",
            "counter_shift": w.counter_shift_id, "from_person": person_json(w.from_person),
            "to_person": person_json(w.to_person), "reason": w.reason, "status": w.status,
            "status_label": str(SwapRequest.Status(w.status).label),
            "requested_at": shanghai(w.requested_at), "decided_at": shanghai(w.decided_at)}
