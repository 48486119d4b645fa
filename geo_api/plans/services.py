"""Writes of the plans domain: import a plan (a new version), record a drill, attach the original
document, activate a plan for an event (which creates the task checklist)."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound
from geo_api.incidents.models import Event
from geo_api.incidents.services import EVENT_WORKFLOW
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record
from geo_api.timeline.transitions import readable_instance

from . import access
from .exchange import CleanPlan, clean_plan
from .models import Plan, PlanAction, PlanActivation, PlanAttachment, PlanResponse, PlanVersion
from .types import ROMAN

# The original document: what plans are published as, nothing executable; the first bytes must
# say the same as the name (a renamed .exe is refused).
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),
}
MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024  # under the 5 MB request limit, with room for the form


@transaction.atomic
def plan_import(*, data, user) -> PlanVersion:
    """A plan document (JSON object, or the dict read from a workbook) becomes a new version: of
    the plan with that code if it exists (the previous version is superseded, kept as history),
    else of a new plan. Everything is validated first; one problem and nothing is written."""
    access.require(user, access.PLAN_EDITORS, _("import or revise plans"))
    clean = clean_plan(data)
    return _write_version(clean, user)


def _write_version(clean: CleanPlan, user) -> PlanVersion:
    plan, _created = Plan.objects.select_for_update().get_or_create(code=clean.code)
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    now = timezone.now()
    # The previous version stays as history; the new one is the current one.
    plan.versions.filter(superseded_at__isnull=True).update(superseded_at=now)
    version = PlanVersion.objects.create(
        plan=plan, number=number, title=clean.title, plan_type=clean.plan_type, level=clean.level,
        owner=clean.owner, event_types=clean.event_types, area_scope=clean.area_scope, district=clean.district,
        valid_from=clean.valid_from, valid_until=clean.valid_until, summary=clean.summary,
        revised_on=clean.revised_on, revision_note=clean.revision_note,
        created_by=user if getattr(user, "is_authenticated", False) else None, created_at=now)
    version.resources.set(clean.resources)
    version.shelters.set(clean.shelters)
    for response in clean.responses:
        row = PlanResponse.objects.create(version=version, response_level=response.response_level,
                                          severities=response.severities, condition=response.condition)
        for action in response.actions:
            item = PlanAction.objects.create(response=row, order=action.order, title=action.title,
                                             description=action.description, deadline_minutes=action.deadline_minutes)
            item.departments.set(action.departments)
            item.people.set(action.people)
    if clean.last_drilled_on and (plan.last_drilled_on is None or clean.last_drilled_on > plan.last_drilled_on):
        plan.last_drilled_on = clean.last_drilled_on
        plan.save(update_fields=["last_drilled_on"])
    return version


@transaction.atomic
def plan_record_drill(*, plan_id: int, drilled_on, user) -> Plan:
    access.require(user, access.PLAN_EDITORS, _("record plan drills"))
    plan = Plan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("No plan with id %(id)s.") % {"id": plan_id})
    if drilled_on > timezone.localdate():
        raise InvalidInput(_("A drill date cannot be in the future."), errors={"drilled_on": [_("In the future.")]})
    if plan.last_drilled_on is None or drilled_on > plan.last_drilled_on:
        plan.last_drilled_on = drilled_on
        plan.save(update_fields=["last_drilled_on"])
    return plan


def attachment_check(*, name: str, content: bytes) -> str:
    """The content type of an acceptable original document, else InvalidInput saying why."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise InvalidInput(_("%(name)s: only %(types)s documents are accepted.") % {
            "name": name, "types": ", ".join(sorted(ATTACHMENT_TYPES))}, errors={"file": [_("Wrong file type.")]})
    if not content:
        raise InvalidInput(_("%(name)s is empty.") % {"name": name}, errors={"file": [_("Empty file.")]})
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(_("%(name)s is %(mb).1f MB; at most 4 MB are accepted.") % {
            "name": name, "mb": len(content) / 1024 / 1024}, errors={"file": [_("Too large.")]})
    content_type, magics = ATTACHMENT_TYPES[suffix]
    if not content.startswith(magics):
        raise InvalidInput(_("%(name)s does not contain a %(type)s document.") % {"name": name, "type": suffix},
                           errors={"file": [_("The content does not match the file type.")]})
    return content_type


@transaction.atomic
def attachment_add(*, plan_id: int, name: str, content: bytes, user) -> PlanAttachment:
    """Attach the original document to the plan's current version."""
    access.require(user, access.PLAN_EDITORS, _("attach plan documents"))
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None or plan.current is None:
        raise NotFound(_("No plan with id %(id)s.") % {"id": plan_id})
    name = (name or "").strip().replace("/", "_").replace("\\", "_")[-200:]
    content_type = attachment_check(name=name, content=content)
    return PlanAttachment.objects.create(version=plan.current, name=name, content_type=content_type,
                                         size=len(content), content=content, uploaded_by=user)


# Activation is for events being handled: a report is verified first, a closed event is over.
ACTIVATABLE = {Event.Status.VERIFIED, Event.Status.RESPONDING}


@transaction.atomic
def plan_activate(*, plan_id: int, event_id: int, response_level, reason: str, user) -> PlanActivation:
    """启动预案: record the activation on the event's timeline, set the event's response level and
    create one task per action of that level for each responsible person and department, due at
    activation time + the action's deadline."""
    from geo_api.tasks.services import tasks_create_for_activation

    access.require(user, access.PLAN_ACTIVATORS, _("activate plans"))
    event = readable_instance(EVENT_WORKFLOW, event_id, user, lock=True)
    plan = Plan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None or plan.current is None:
        raise NotFound(_("No plan with id %(id)s.") % {"id": plan_id})
    version = plan.current
    levels = sorted(version.responses.values_list("response_level", flat=True))
    if isinstance(response_level, bool) or not isinstance(response_level, int) or response_level not in levels:
        raise InvalidInput(_("%(plan)s defines response levels %(levels)s; choose one of them.") % {
            "plan": version.title, "levels": "、".join(ROMAN[n] for n in levels)},
            errors={"response_level": [_("Not a level of this plan.")]}, levels=levels)
    if event.status not in ACTIVATABLE:
        raise Conflict(_("Event %(code)s is %(state)s: verify it before activating a plan.") % {
            "code": event.code, "state": event.get_status_display()})
    if PlanActivation.objects.filter(plan=plan, event=event, response_level=response_level).exists():
        raise Conflict(_("%(plan)s is already activated at level %(level)s for this event.") % {
            "plan": version.title, "level": ROMAN[response_level]})
    now = timezone.now()
    activation = PlanActivation.objects.create(plan=plan, version=version, event=event, response_level=response_level,
                                               reason=(reason or "").strip(), activated_by=user, activated_at=now)
    Event.objects.filter(pk=event.pk).update(response_level=response_level)
    tasks = tasks_create_for_activation(activation=activation, actor=user)
    timeline_record(subject=activation, kind=TimelineEntry.Kind.NOTE, actor=user, reason=activation.reason,
                    event_id=event.pk, at=now, payload={
                        "what": "plan_activated", "plan": {"id": plan.pk, "code": plan.code, "title": version.title,
                                                           "version": version.number},
                        "response_level": response_level, "tasks": [t.pk for t in tasks]})
    for task in tasks:
        timeline_record(subject=task, kind=TimelineEntry.Kind.NOTE, actor=user, to_state=task.status, at=now,
                        payload={"what": "task_assigned", "task": task.pk, "title": task.title,
                                 "owner": task.owner_label, "deadline": timezone.localtime(task.deadline).isoformat()})
    return activation
