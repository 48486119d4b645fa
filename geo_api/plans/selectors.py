"""Reads of the plans domain: lists, details, and the explained matches for an event."""
from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from geo_api.incidents.services import EVENT_WORKFLOW
from geo_api.timeline.transitions import readable_instance

from . import access
from .matching import EventFacts, Match, PlanFacts, rank_plans
from .models import DRILL_INTERVAL, AreaScope, Plan, PlanLevel, PlanType, PlanVersion
from .types import ROMAN, node_label


def current_prefetch(*more) -> Prefetch:
    return Prefetch("versions", to_attr="current_versions", queryset=PlanVersion.objects.filter(
        superseded_at__isnull=True).select_related("owner", "district").prefetch_related(*more))


def published_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(versions__superseded_at__isnull=True)


def plans_list(*, q: str = "", plan_type: str = "", level: str = "", event_type: str = "",
               drill_overdue: bool = False) -> QuerySet[Plan]:
    # One filter() call: every condition is on the same (current) version row.
    current = Q(versions__superseded_at__isnull=True)
    if q:
        current &= Q(code__icontains=q) | Q(versions__title__icontains=q)
    if plan_type:
        current &= Q(versions__plan_type=plan_type)
    if level:
        current &= Q(versions__level=level)
    if event_type:
        current &= Q(versions__event_types__contains=[event_type])
    plans = Plan.objects.filter(current).prefetch_related(current_prefetch())
    if drill_overdue:
        cutoff = timezone.localdate() - DRILL_INTERVAL
        plans = plans.filter(Q(last_drilled_on__isnull=True) | Q(last_drilled_on__lt=cutoff))
    return plans.order_by("code")


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def plan_summary(plan: Plan) -> dict:
    v = plan.current
    return {
        "id": plan.pk, "code": plan.code, "title": v.title, "version": v.number,
        "plan_type": v.plan_type, "plan_type_label": _label(PlanType, v.plan_type),
        "level": v.level, "level_label": _label(PlanLevel, v.level),
        "owner": {"id": v.owner_id, "code": v.owner.code, "name": v.owner.name},
        "event_types": [{"node": n, "label": node_label(n)} for n in v.event_types],
        "area_scope": v.area_scope, "area_label": area_label(v),
        "valid_from": v.valid_from.isoformat(), "valid_until": v.valid_until.isoformat() if v.valid_until else None,
        "revised_on": v.revised_on.isoformat(),
        "last_drilled_on": plan.last_drilled_on.isoformat() if plan.last_drilled_on else None,
        "drill_overdue": plan.drill_overdue(),
    }


def area_label(version: PlanVersion) -> str:
    if version.area_scope == AreaScope.STREET and version.district_id:
        return version.district.name
    return _label(AreaScope, version.area_scope)


def version_detail(version: PlanVersion) -> dict:
    return {
        "number": version.number, "title": version.title, "revised_on": version.revised_on.isoformat(),
        "revision_note": version.revision_note, "current": version.superseded_at is None,
        "created_at": timezone.localtime(version.created_at).strftime("%Y-%m-%d %H:%M"),
        "summary": version.summary,
        "responses": [{
            "response_level": r.response_level, "response_label": ROMAN[r.response_level],
            "severities": sorted(r.severities), "severity_labels": [ROMAN[s] for s in sorted(r.severities)],
            "condition": r.condition,
            "actions": [{
                "order": a.order, "title": a.title, "description": a.description,
                "deadline_minutes": a.deadline_minutes,
                "departments": [{"id": d.pk, "code": d.code, "name": d.name} for d in a.departments.all()],
                "people": [{"id": u.pk, "username": u.username, "name": u.get_full_name() or u.username}
                           for u in a.people.all()],
            } for a in r.actions.order_by("order")],
        } for r in version.responses.order_by("response_level")],
        "resources": [{"id": r.pk, "name": r.name, "kind": r.kind} for r in version.resources.order_by("name")],
        "shelters": [{"id": s.pk, "code": s.code, "name": s.name} for s in version.shelters.order_by("code")],
        "attachments": [{"id": a.pk, "name": a.name, "size": a.size, "content_type": a.content_type}
                        for a in version.attachments.defer("content")],
    }


def plan_detail(plan: Plan) -> dict:
    return {**plan_summary(plan), "current": version_detail(plan.current),
            "versions": [{"number": v.number, "title": v.title, "revised_on": v.revised_on.isoformat(),
                          "revision_note": v.revision_note, "current": v.pk == plan.current.pk,
                          "superseded_at": timezone.localtime(v.superseded_at).strftime("%Y-%m-%d %H:%M")
                          if v.superseded_at else None}
                         for v in plan.versions.order_by("-number")]}


def plan_for(plan_id: int, user) -> Plan:
    from geo_api.common.errors import NotFound
    from django.utils.translation import gettext as _

    access.require(user, access.PLAN_READERS, _("read emergency plans"))
    plan = published_plans().filter(pk=plan_id).prefetch_related(current_prefetch()).first()
    if plan is None:
        raise NotFound(_("No plan with id %(id)s.") % {"id": plan_id})
    return plan


# -- matching --------------------------------------------------------------------------------------
def plan_facts(plan: Plan) -> PlanFacts:
    v = plan.current
    levels = {s: r.response_level for r in v.responses.all() for s in r.severities}
    return PlanFacts(id=plan.pk, code=plan.code, title=v.title, plan_type=v.plan_type,
                     event_types=tuple(v.event_types), area_scope=v.area_scope, district_id=v.district_id,
                     district_name=v.district.name if v.district_id else "", valid_from=v.valid_from,
                     valid_until=v.valid_until, levels=levels)


def event_facts(event) -> EventFacts:
    return EventFacts(category=event.category, event_type=event.event_type, severity=event.severity,
                      district_id=event.district_id, district_name=event.district.name if event.district_id else "",
                      on=timezone.localtime(event.occurred_at).date())


def match_json(match: Match, plan: Plan) -> dict:
    return {"plan": plan_summary(plan), "matched": match.matched, "score": match.score,
            "response_level": match.response_level, "rules": [r.as_dict() for r in match.rules],
            "failed": [r.rule for r in match.failed]}


def plan_matches(*, event_id: int, user) -> tuple[object, list[dict]]:
    """The event (if this user may read it and use plans) and every plan with its verdict, best
    first; excluded plans follow with the rules they failed."""
    from django.utils.translation import gettext as _

    access.require(user, access.PLAN_READERS, _("match plans to events"))
    event = readable_instance(EVENT_WORKFLOW, event_id, user)
    plans = {p.pk: p for p in published_plans().prefetch_related(current_prefetch("responses"))}
    ranked = rank_plans(event_facts(event), [plan_facts(p) for p in plans.values()])
    return event, [match_json(m, plans[m.plan.id]) for m in ranked]
