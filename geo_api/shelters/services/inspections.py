"""Writes of 检查计划 and 整改闭环: plans, the inspections they make due (the scheduled job), an
inspection recorded from a phone with photos, position and findings, one rectification task per
finding (its state machine runs through geo_api/timeline/transitions.py), and the overdue check."""
from __future__ import annotations

from datetime import date

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record
from geo_api.timeline.transitions import TransitionResult, Workflow, readable_instance, run_transition

from .. import plans
from ..access import require
from ..models import Finding, Inspection, InspectionPlan, Rectification, Shelter
from .files import attach_file
from .lifecycle import SHELTER_WORKFLOW, _clean_date

RECTIFICATION_WORKFLOW = Workflow(layer_id="shelter_rectifications", field="status")
ACTIVE = (Shelter.Designation.DESIGNATED, Shelter.Designation.FILED, Shelter.Designation.EVALUATED)
MAX_FINDINGS = 30


def _today() -> date:
    from geo_api.supervision.models.hazards import today

    return today()


def _int(value, name, low, high) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidInput(_("%(name)s must be a whole number.") % {"name": name}, errors={name: [_("A whole number.")]})
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(_("%(name)s must be a whole number.") % {"name": name},
                           errors={name: [_("A whole number.")]}) from None
    if not low <= number <= high:
        raise InvalidInput(_("%(name)s must be from %(low)s to %(high)s.") % {"name": name, "low": low, "high": high},
                           errors={name: [_("From %(low)s to %(high)s.") % {"low": low, "high": high}]})
    return number


def plan_create(*, user, name: str, every, unit: str, starts_on, shelter_id=None, district_id=None) -> InspectionPlan:
    """A recurring plan for one shelter, one street's shelters, or (neither) all designated ones."""
    require(user, "inspect")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(_("Give the plan a name."), errors={"name": [_("Required.")]})
    if unit not in InspectionPlan.Unit.values:
        raise InvalidInput(_('unit must be "days" or "months".'), errors={"unit": [_('"days" or "months".')]})
    every = _int(every, "every", 1, 366 if unit == "days" else 24)
    start = _clean_date(starts_on, "starts_on", allow_future=True)
    shelter = district = None
    if shelter_id not in (None, ""):
        shelter = readable_instance(SHELTER_WORKFLOW, _int(shelter_id, "shelter", 1, 2**62), user)
    if district_id not in (None, ""):
        from geo_api.reference.models import District

        district = District.objects.filter(pk=_int(district_id, "district", 1, 2**62)).first()
        if district is None:
            raise InvalidInput(_("There is no street or town %(id)s.") % {"id": district_id},
                               errors={"district": [_("Unknown street or town.")]})
    if shelter and district:
        raise InvalidInput(_("A plan covers one shelter or one street's shelters, not both."),
                           errors={"district": [_("Leave empty when a shelter is chosen.")]})
    return InspectionPlan.objects.create(
        name=name.strip()[:100], shelter=shelter, district=district, every=every, unit=unit, starts_on=start,
        next_due=plans.first_due_on_or_after(start, every, unit, _today()), created_by=user)


def plan_shelters(plan: InspectionPlan):
    shelters = Shelter.objects.filter(designation_status__in=ACTIVE)
    if plan.shelter_id:
        return shelters.filter(pk=plan.shelter_id)
    if plan.district_id:
        return shelters.filter(district_id=plan.district_id)
    return shelters


def plans_make_due(on: date | None = None) -> list[int]:
    """The scheduled job: every active plan whose next due date has come gets an inspection due
    that day for each shelter it covers (once: a rerun creates nothing), and its next due date
    moves to the first one after today. Returns the ids of the inspections made."""
    on = on or _today()
    made = []
    for plan_id in list(InspectionPlan.objects.filter(active=True, next_due__lte=on).values_list("id", flat=True)):
        with transaction.atomic():
            plan = InspectionPlan.objects.select_for_update().filter(pk=plan_id, next_due__lte=on).first()
            if plan is None:
                continue
            for shelter in plan_shelters(plan).order_by("id"):
                inspection, created = Inspection.objects.get_or_create(plan=plan, shelter=shelter, due_on=plan.next_due)
                if created:
                    made.append(inspection.pk)
            plan.next_due = plans.first_due_after(plan.starts_on, plan.every, plan.unit, on)
            plan.save(update_fields=["next_due"])
    return made


def _clean_position(position) -> tuple[Point | None, float | None]:
    if position in (None, "", {}):
        return None, None
    if not isinstance(position, dict):
        raise InvalidInput(_('position is {"lon": ..., "lat": ..., "accuracy": ...} from the phone.'),
                           errors={"position": [_("Expected lon, lat and accuracy.")]})
    try:
        lon, lat = float(position["lon"]), float(position["lat"])
        accuracy = float(position["accuracy"]) if position.get("accuracy") not in (None, "") else None
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(_("position needs numeric lon and lat."), errors={"position": [_("Numeric lon and lat.")]}) from None
    if not (120.8 <= lon <= 122.2 and 30.6 <= lat <= 31.9):
        raise InvalidInput(_("The position %(lon).5f, %(lat).5f is outside Shanghai; check the phone's location.") % {
            "lon": lon, "lat": lat}, errors={"position": [_("Outside Shanghai.")]})
    if accuracy is not None and not (0 <= accuracy <= 100_000):
        raise InvalidInput(_("accuracy must be metres from 0."), errors={"position": [_("Bad accuracy.")]})
    return Point(lon, lat, srid=4326), accuracy


def _clean_findings(findings) -> list[dict]:
    if findings in (None, ""):
        return []
    if not isinstance(findings, list) or len(findings) > MAX_FINDINGS:
        raise InvalidInput(_("findings is a list of at most %(n)s items.") % {"n": MAX_FINDINGS},
                           errors={"findings": [_("A list.")]})
    out = []
    for n, item in enumerate(findings):
        where = f"findings[{n}]"
        if not isinstance(item, dict):
            raise InvalidInput(_("Each finding is an object."), errors={where: [_("An object.")]})
        text = item.get("description")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(_("Describe finding %(n)s.") % {"n": n + 1}, errors={where: [_("Description required.")]})
        severity = item.get("severity")
        if severity not in Finding.Severity.values:
            raise InvalidInput(_("The severity of finding %(n)s is veto, important or general.") % {"n": n + 1},
                               errors={where: [_("veto, important or general.")]})
        deadline = _clean_date(item.get("deadline"), "deadline", allow_future=True)
        if deadline < _today():
            raise InvalidInput(_("The deadline of finding %(n)s has already passed.") % {"n": n + 1},
                               errors={where: [_("Give a date from today on.")]})
        indicator = item.get("indicator") or ""
        from ..evaluation import BY_CODE

        if indicator and indicator not in BY_CODE:
            raise InvalidInput(_("Unknown indicator %(code)s.") % {"code": indicator}, errors={where: [_("Unknown indicator.")]})
        unit = item.get("responsible_unit")
        out.append({"description": text.strip()[:500], "severity": severity, "deadline": deadline,
                    "indicator": indicator, "responsible_unit": unit.strip()[:100] if isinstance(unit, str) else ""})
    return out


def inspection_record(*, user, shelter_id: int, inspection_id: int | None = None, notes: str = "", position=None,
                      findings=None, photos=()) -> Inspection:
    """Record an inspection of `shelter_id` (the due one `inspection_id`, or an ad-hoc one): notes,
    the phone's position, photos, and findings — each becomes a rectification task with its deadline."""
    require(user, "inspect")
    if not isinstance(notes, str):
        raise InvalidInput(_("notes must be text."), errors={"notes": [_("Text.")]})
    point, accuracy = _clean_position(position)
    cleaned = _clean_findings(findings)
    with transaction.atomic():
        shelter = readable_instance(SHELTER_WORKFLOW, shelter_id, user)
        if inspection_id not in (None, ""):
            inspection = Inspection.objects.select_for_update().filter(pk=inspection_id, shelter=shelter).first()
            if inspection is None:
                raise NotFound(_("Shelter %(s)s has no inspection %(i)s.") % {"s": shelter_id, "i": inspection_id})
            if inspection.recorded_at is not None:
                raise Conflict(_("This inspection was already recorded on %(at)s.") % {
                    "at": timezone.localtime(inspection.recorded_at).strftime("%Y-%m-%d %H:%M")})
        else:
            inspection = Inspection(shelter=shelter, due_on=_today())
        inspection.recorded_at = timezone.now()
        inspection.inspector = user
        inspection.position, inspection.accuracy_m = point, accuracy
        inspection.notes = notes.strip()
        inspection.save()
        for upload in photos:
            attach_file(shelter=shelter, kind="inspection", upload=upload, user=user, inspection=inspection)
        for item in cleaned:
            finding = Finding.objects.create(inspection=inspection, shelter=shelter, description=item["description"],
                                             severity=item["severity"], indicator=item["indicator"])
            task = Rectification.objects.create(
                finding=finding, shelter=shelter, description=item["description"], severity=item["severity"],
                deadline=item["deadline"], responsible_unit=item["responsible_unit"] or shelter.managing_unit,
                geom=point or shelter.geom)
            timeline_record(subject=task, kind=TimelineEntry.Kind.NOTE, actor=user,
                            reason=_("Rectification task from an inspection finding."),
                            payload={"finding": finding.pk, "inspection": inspection.pk,
                                     "deadline": item["deadline"].isoformat()})
        timeline_record(subject=shelter, kind=TimelineEntry.Kind.NOTE, actor=user, reason=_("Inspection recorded."),
                        payload={"inspection": inspection.pk, "findings": len(cleaned)})
    return inspection


def rectification_transition(*, rectification_id: int, transition: str, user, reason: str = "") -> TransitionResult:
    """start, report, verify or reject a rectification task; verify closes its finding too."""
    with transaction.atomic():
        result = run_transition(workflow=RECTIFICATION_WORKFLOW, pk=rectification_id, name=transition, user=user,
                                reason=reason)
        task = result.instance
        if task.status == Rectification.Status.CLOSED:
            now = timezone.now()
            Rectification.objects.filter(pk=task.pk).update(closed_at=now)
            Finding.objects.filter(pk=task.finding_id).update(closed_at=now)
            task.closed_at = now
    return result


def rectifications_mark_overdue(on: date | None = None) -> list[int]:
    """The daily check: every task not closed whose deadline has passed is stamped overdue (once),
    with a timeline entry by the system."""
    on = on or _today()
    marked = []
    due = Rectification.objects.filter(overdue_since__isnull=True, deadline__lt=on).exclude(
        status=Rectification.Status.CLOSED).values_list("id", flat=True)
    for task_id in list(due):
        with transaction.atomic():
            changed = Rectification.objects.filter(pk=task_id, overdue_since__isnull=True).exclude(
                status=Rectification.Status.CLOSED).update(overdue_since=on)
            if changed:
                task = Rectification.objects.get(pk=task_id)
                timeline_record(subject=task, kind=TimelineEntry.Kind.NOTE, actor=None,
                                reason=_("The rectification deadline passed."),
                                payload={"overdue_since": on.isoformat(), "deadline": task.deadline.isoformat()})
                marked.append(task_id)
    return marked
