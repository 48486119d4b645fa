"""JSON shapes of the shelters domain's records (plain functions: no logic here)."""
from django.urls import reverse

from geo_api.web.desk.shell import shanghai


def file_json(f) -> dict:
    return {"id": f.pk, "kind": f.kind, "content_type": f.content_type, "size": f.size, "width": f.width,
            "height": f.height, "name": f.original_name, "url": reverse("shelter-file", args=[f.pk]),
            "uploaded_at": f.uploaded_at.isoformat() if f.uploaded_at else None}


def evaluation_json(e) -> dict:
    return {"id": e.pk, "shelter": e.shelter_id, "evaluated_on": e.evaluated_on.isoformat(), "team": e.team,
            "results": e.results, "conclusion": e.conclusion, "conclusion_label": e.get_conclusion_display(),
            "unmet": e.unmet, "note": e.note, "created_at": e.created_at.isoformat() if e.created_at else None}


def plan_json(p) -> dict:
    return {"id": p.pk, "name": p.name, "shelter": p.shelter_id, "shelter_name": p.shelter.name if p.shelter else None,
            "district": p.district_id, "district_name": p.district.name if p.district else None, "every": p.every,
            "unit": p.unit, "starts_on": p.starts_on.isoformat(), "next_due": p.next_due.isoformat(), "active": p.active}


def rectification_json(r) -> dict:
    return {"id": r.pk, "shelter": r.shelter_id, "shelter_name": r.shelter.name, "finding": r.finding_id,
            "description": r.description, "severity": r.severity, "severity_label": r.get_severity_display(),
            "deadline": r.deadline.isoformat(), "responsible_unit": r.responsible_unit, "status": r.status,
            "status_label": r.get_status_display(),
            "overdue_since": r.overdue_since.isoformat() if r.overdue_since else None,
            "closed_at": r.closed_at.isoformat() if r.closed_at else None}


def inspection_json(i) -> dict:
    return {"id": i.pk, "shelter": i.shelter_id, "plan": i.plan_id, "due_on": i.due_on.isoformat(),
            "recorded_at": i.recorded_at.isoformat() if i.recorded_at else None,
            "recorded": shanghai(i.recorded_at), "notes": i.notes,
            "position": {"lon": i.position.x, "lat": i.position.y, "accuracy": i.accuracy_m} if i.position else None,
            "photos": [file_json(f) for f in i.files.all()],
            "findings": [{"id": f.pk, "description": f.description, "severity": f.severity, "indicator": f.indicator,
                          "open": f.closed_at is None,
                          "rectification": f.rectification.pk if hasattr(f, "rectification") else None}
                         for f in i.findings.all()]}


def movement_json(m) -> dict:
    return {"id": m.pk, "opening": m.opening_id, "event": m.event_id, "kind": m.kind, "count": m.count,
            "names": m.names, "occupants_after": m.occupants_after, "recorded_at": m.recorded_at.isoformat()}
