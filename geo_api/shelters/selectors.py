"""Reads of the shelters domain: availability for opening, capacity against population by street,
status counts, the records behind one shelter, the shelters of an event."""
from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from . import capacity as rules
from .availability import ACTIVE
from .evaluation import UNQUALIFIED
from .models import Finding, Inspection, Rectification, Shelter, ShelterOpening

def unavailable_reasons(shelter: Shelter) -> list[str]:
    """Why this shelter may not be opened now (empty: it may)."""
    reasons = []
    if shelter.designation_status not in ACTIVE:
        reasons.append(_("it is not designated (status: %(state)s)") % {"state": shelter.get_designation_status_display()})
    if shelter.evaluation_conclusion == UNQUALIFIED:
        reasons.append(_("its latest evaluation is unqualified"))
    vetoes = Finding.objects.filter(shelter=shelter, severity=Finding.Severity.VETO, closed_at__isnull=True).count()
    if vetoes:
        reasons.append(_("%(n)s veto finding(s) are not rectified") % {"n": vetoes})
    return reasons


def capacity_by_street() -> list[dict]:
    """Per street or town: population, the capacity the ≥ 15 % rule requires, the capacity of its
    designated fixed shelters (geo_api/shelters/capacity.py), and whether it meets the rule."""
    from geo_api.reference.models import District

    fixed = Q(shelter__designation_status__in=ACTIVE, shelter__shelter_type__in=rules.FIXED_TYPES)
    active = Q(shelter__designation_status__in=ACTIVE)
    rows = []
    streets = (District.objects.annotate(
        fixed_capacity=Sum("shelter__capacity", filter=fixed), all_capacity=Sum("shelter__capacity", filter=active),
        shelter_count=Count("shelter", filter=active)).order_by("code"))
    for d in streets:
        required = rules.required_capacity(d.population)
        fixed_capacity = d.fixed_capacity or 0
        rows.append({
            "district_id": d.pk, "code": d.code, "name": d.name, "population": d.population,
            "required_capacity": required, "fixed_capacity": fixed_capacity, "capacity": d.all_capacity or 0,
            "shelters": d.shelter_count,
            "ratio": round(fixed_capacity / d.population, 4) if d.population else None,
            "meets_rule": bool(d.population) and fixed_capacity >= required,
            "shortfall": max(0, required - fixed_capacity),
        })
    return rows


def status_counts() -> dict:
    by_status = dict(Shelter.objects.values_list("designation_status").annotate(n=Count("id")))
    by_conclusion = dict(Shelter.objects.exclude(evaluation_conclusion="").values_list("evaluation_conclusion")
                         .annotate(n=Count("id")))
    return {"designation": {s: by_status.get(s, 0) for s in Shelter.Designation.values},
            "evaluation": by_conclusion}


def overdue_rectifications():
    return (Rectification.objects.exclude(status=Rectification.Status.CLOSED).filter(overdue_since__isnull=False)
            .select_related("shelter").order_by("deadline", "id"))


def due_inspections(user=None):
    return (Inspection.objects.filter(recorded_at__isnull=True).select_related("shelter", "plan")
            .order_by("due_on", "id"))


def event_shelters(event_id: int) -> list[dict]:
    """The shelters opened for an event (open ones first), with people inside and room left."""
    out = []
    for o in ShelterOpening.objects.filter(event_id=event_id).select_related("shelter").order_by("closed_at", "-opened_at"):
        out.append(opening_json(o))
    return out


def opening_json(o: ShelterOpening) -> dict:
    s = o.shelter
    return {"id": o.pk, "shelter": {"id": s.pk, "code": s.code, "name": s.name, "address": s.address,
                                    "lon": s.geom.x, "lat": s.geom.y},
            "event": o.event_id, "open": o.closed_at is None, "opened_at": o.opened_at.isoformat(),
            "closed_at": o.closed_at.isoformat() if o.closed_at else None, "capacity": o.capacity,
            "occupants": o.occupants, "remaining": o.remaining, "full": o.occupants >= o.capacity}



def open_rectification_count() -> int:
    return Rectification.objects.exclude(status=Rectification.Status.CLOSED).count()
