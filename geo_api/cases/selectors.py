"""Reads of the case library: search (text, type, severity, street, time), one case as JSON."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput
from geo_api.reference.codes import Severity

from .access import case_for, cases_visible_to
from .models import Case
from .snapshot import iso

PAGE_SIZE = 20


@dataclass(frozen=True)
class CaseFilter:
    q: str = ""
    event_type: str = ""
    severity: int | None = None
    district: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    drills: bool = False


def _time(value: str, name: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(_("%(name)s: a date or time such as 2026-11-29 or 2026-11-29T14:05+08:00.") % {"name": name},
                           errors={name: [_("Not a date or time.")]}) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def _int(value: str, name: str, choices=None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("%(name)s must be a number.") % {"name": name}, errors={name: [_("Not a number.")]}) from None
    if choices is not None and number not in choices:
        raise InvalidInput(_("%(name)s is one of %(values)s.") % {"name": name, "values": ", ".join(map(str, choices))},
                           errors={name: [_("Unknown value.")]})
    return number


def case_filter_from(params) -> CaseFilter:
    """The query string of /api/cases/ and /cases/ checked: 400 naming the parameter otherwise."""
    end = _time(params.get("to", ""), "to")
    if end is not None and len(params.get("to", "").strip()) == 10:  # a date: up to the end of that day
        end = end.replace(hour=23, minute=59, second=59)
    return CaseFilter(q=(params.get("q") or "").strip()[:200], event_type=(params.get("event_type") or "").strip()[:50],
                      severity=_int(params.get("severity"), "severity", Severity.values),
                      district=_int(params.get("district"), "district"),
                      start=_time(params.get("from", ""), "from"), end=end,
                      drills=(params.get("drills") or "") in ("1", "true", "yes"))


def cases_search(user, found: CaseFilter) -> QuerySet[Case]:
    cases = cases_visible_to(user, drills=found.drills)
    if found.q:
        # Words in Latin text by full text ('simple'); Chinese (no spaces) by substring.
        cases = cases.filter(Q(search=SearchQuery(found.q, config="simple", search_type="plain"))
                             | Q(search_text__icontains=found.q))
    if found.event_type:
        cases = cases.filter(Q(event_type=found.event_type) | Q(category=found.event_type))
    if found.severity is not None:
        cases = cases.filter(severity=found.severity)
    if found.district is not None:
        cases = cases.filter(district_id=found.district)
    if found.start is not None:
        cases = cases.filter(closed_at__gte=found.start)
    if found.end is not None:
        cases = cases.filter(reported_at__lte=found.end)
    return cases.order_by("-closed_at", "-id")


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def case_summary(case: Case) -> dict:
    return {"id": case.pk, "event": case.event_id, "code": case.code, "title": case.title, "category": case.category,
            "event_type": case.event_type, "severity": case.severity,
            "severity_label": str(Severity(case.severity).label), "district": case.district_id,
            "district_name": case.district_name, "address": case.address, "is_drill": case.is_drill,
            "reported_at": iso(case.reported_at), "closed_at": iso(case.closed_at),
            "reported_at_display": _local(case.reported_at), "closed_at_display": _local(case.closed_at),
            "summary": case.summary, "archived": case.archived_at is not None, "archived_at": iso(case.archived_at),
            "times_closed": case.times_closed, "lon": case.geom.x, "lat": case.geom.y,
            "url": f"/cases/{case.pk}/", "replay_url": f"/cases/{case.pk}/replay/"}


def case_detail(case: Case) -> dict:
    snapshot = case.snapshot or {}
    return {**case_summary(case), "read_only": case.archived_at is not None,
            **{k: snapshot.get(k, []) for k in ("timeline", "tasks", "instructions", "reports", "activations",
                                                 "check_ins", "shelters", "responders")}}


__all__ = ["PAGE_SIZE", "CaseFilter", "case_detail", "case_filter_from", "case_for", "case_summary", "cases_search"]
