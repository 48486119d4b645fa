"""Writes of the incidents domain. An event's status changes only by its transitions
(geo_api/incidents/models.py, run through geo_api/timeline/transitions.py); every other write
here (intake, reports, follow-ups, severity, upward reports) is recorded on the timeline with
who, when and why in the same transaction as the change."""
from __future__ import annotations

from datetime import datetime

from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound
from geo_api.reference.models import District
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record
from geo_api.timeline.transitions import TransitionResult, _state_detail, readable_instance, run_transition
from layers.api_access import EDIT, refuse_unless

from . import deadlines, drafting
from .attachments import check_files
from .codes import next_event_code
from .intake import (Intake, feature_parts, parse_bool, parse_casualties, parse_severity, parse_source, parse_time,
                     point_from, text_field)
from .models import Attachment, Event, EventReport, UpwardReport
from .selectors import DESK_ROLES, FOLLOW_UP_ROLES, event_for, events_layer
from .workflow import EVENT_WORKFLOW

# No more reports, follow-ups or severity changes once the event is finished.
FINISHED = (Event.Status.DISMISSED, Event.Status.ARCHIVED)


def event_transition(*, event_id: int, transition: str, user, reason: str = "") -> TransitionResult:
    """verify, respond, recover, close, dismiss, reopen or archive event `event_id` as `user`.
    Refused → Refused (403), not possible now → Conflict (409) listing what is, no such event
    for this user → NotFound (404), missing reason → InvalidInput (400). Closing writes the
    event's case (geo_api/cases) and archiving freezes it, in the same transaction."""
    from geo_api.cases.services import case_record

    with transaction.atomic():
        result = run_transition(workflow=EVENT_WORKFLOW, pk=event_id, name=transition, user=user, reason=reason)
        if result.instance.status in (Event.Status.CLOSED, Event.Status.ARCHIVED):
            case_record(event=result.instance, user=user)
    return result


def event_transition_to(*, event_id: int, to: str, user, reason: str = "") -> TransitionResult:
    """The contract form: move the event to state `to` by whichever declared transition leads
    there from its current state. None does → Conflict (409) listing the allowed ones."""
    if not isinstance(to, str) or to not in Event.Status.values:
        raise InvalidInput(_("“to” is one of %(states)s.") % {"states": ", ".join(Event.Status.values)},
                           errors={"to": [_("Unknown state.")]})
    instance = readable_instance(EVENT_WORKFLOW, event_id, user)
    state = instance.status
    for name, meta in EVENT_WORKFLOW.metas().items():
        if meta.has_transition(state) and meta.get_transition(state).target == to:
            return event_transition(event_id=event_id, transition=name, user=user, reason=reason)
    raise Conflict(_("Event %(id)s is %(state)s: it cannot become %(to)s from here.") % {
        "id": event_id, "state": EVENT_WORKFLOW.state_label(state), "to": EVENT_WORKFLOW.state_label(to)},
        **_state_detail(EVENT_WORKFLOW, instance, user))


def _district_at(point: Point) -> District | None:
    return District.objects.filter(geom__contains=point).order_by("id").first()


def _store_files(*, event: Event, report: EventReport | None, files, user) -> list[Attachment]:
    stored = []
    for upload, kind in files:
        attachment = Attachment(event=event, report=report, original_name=(upload.name or "file")[:200],
                                content_type=kind.content_type, size=upload.size,
                                uploaded_by=user if user.is_authenticated else None)
        attachment.file.save(upload.name or "file", upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def _report_payload(report: EventReport, attachments) -> dict:
    return {"report_id": report.pk, "report_kind": report.kind, "source": report.source, "reporter": report.reporter,
            "casualties": report.casualties, "attachments": [a.original_name for a in attachments]}


def _draft_initial_reports(event: Event, user) -> None:
    """The initial reports the event's severity requires, with their deadlines."""
    for recipient in UpwardReport.Recipient.values:
        due = deadlines.due_at("initial", recipient, event.severity, event.reported_at)
        if due is None or event.upward_reports.filter(kind="initial", recipient=recipient).exists():
            continue
        UpwardReport.objects.create(event=event, kind="initial", recipient=recipient, number=1,
                                    text=drafting.draft_text(event, "initial"), due_at=due,
                                    created_by=user if user and user.is_authenticated else None)


def event_intake(*, user, intake: Intake, files=()) -> Event:
    """A new event from a checked intake (geo_api.incidents.intake.parse_intake): its code, the
    first report (the call), the attachments, the initial upward reports with their deadlines
    and the timeline entry, in one transaction. Duty officers, commanders and administrators."""
    refuse_unless(user, events_layer(), EDIT)  # the layer's writers: duty officers, commanders
    checked = check_files(files)
    for attempt in range(3):
        try:
            with transaction.atomic():
                event = Event.objects.create(
                    code=next_event_code(intake.reported_at), title=intake.title, category=intake.category,
                    event_type=intake.event_type, gb_code=intake.gb_code, severity=intake.severity,
                    is_drill=intake.is_drill, occurred_at=intake.occurred_at, reported_at=intake.reported_at,
                    address=intake.address, reporter=intake.reporter, reporter_phone=intake.phone,
                    source=intake.source, description=intake.description, casualties=intake.casualties,
                    district=_district_at(intake.geom), geom=intake.geom, created_by=user)
                report = EventReport.objects.create(
                    event=event, kind=EventReport.Kind.CALL, received_at=intake.reported_at, source=intake.source,
                    reporter=intake.reporter, reporter_phone=intake.phone, text=intake.description,
                    casualties=intake.casualties, address=intake.address, geom=intake.geom, created_by=user)
                stored = _store_files(event=event, report=report, files=checked, user=user)
                timeline_record(subject=event, kind=TimelineEntry.Kind.REPORT, actor=user, at=intake.reported_at,
                                reason=intake.description[:500],
                                payload={**_report_payload(report, stored), "intake": True, "code": event.code,
                                         "severity": event.severity, "is_drill": event.is_drill})
                _draft_initial_reports(event, user)
                return event
        except IntegrityError:
            # A code taken between the sequence and the insert (an import writing codes by hand):
            # the sequence has moved on, so the next attempt gets a fresh number.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _report_fields(body) -> dict:
    """The report parts of a Feature (geometry optional) sent to attach a call to an event."""
    props, geometry, crs = feature_parts(body)
    return {
        "geom": point_from(geometry, crs) if geometry else None,
        "received_at": parse_time(props.get("reported_at"), "reported_at", default=timezone.now()),
        "source": parse_source(props.get("source")),
        "reporter": text_field(props, "reporter", 50),
        "reporter_phone": text_field(props, "phone", 30),
        "text": text_field(props, "description", 5000),
        "casualties": parse_casualties(props.get("casualties")),
        "address": text_field(props, "address", 200),
        "is_drill": parse_bool(props.get("is_drill"), "is_drill"),
    }


def event_attach_report(*, user, event_id: int, body, files=()) -> EventReport:
    """Another call about an existing event: one more report row on it (many calls about one
    incident stay one event). `body` is the same Feature as an intake; its type, severity and
    title are the event's already and are not changed by a call."""
    event_for(user, event_id, action=EDIT, roles=DESK_ROLES)  # who may, before what is wrong with the body
    fields = _report_fields(body)
    checked = check_files(files)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if fields.pop("is_drill") != event.is_drill:
            raise InvalidInput(_("A drill report and a real event never mix."),
                               errors={"is_drill": [_("Does not match the event.")]})
        if event.status in FINISHED:
            raise Conflict(_("Event %(code)s is %(state)s; file the call as a new event.") % {
                "code": event.code, "state": EVENT_WORKFLOW.state_label(event.status)})
        report = EventReport.objects.create(event=event, kind=EventReport.Kind.CALL, created_by=user, **fields)
        stored = _store_files(event=event, report=report, files=checked, user=user)
        timeline_record(subject=report, event_id=event.pk, kind=TimelineEntry.Kind.REPORT, actor=user,
                        at=report.received_at, reason=report.text[:500], payload=_report_payload(report, stored))
        event.save(update_fields=["updated_at"])  # the event changed: the wall and its topic hear of it
    return report


def event_follow_up(*, user, event_id: int, text: str, casualties=None, files=()) -> EventReport:
    """续报: new information appended to the event (text, a new casualty figure, files)."""
    event_for(user, event_id, roles=FOLLOW_UP_ROLES)
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("text: write what is new."), errors={"text": [_("Write what is new.")]})
    if len(text) > 5000:
        raise InvalidInput(_("text: at most 5000 characters."), errors={"text": [_("At most 5000 characters.")]})
    casualties = parse_casualties(casualties)
    checked = check_files(files)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.status in FINISHED:
            raise Conflict(_("Event %(code)s is %(state)s: nothing more is added to it.") % {
                "code": event.code, "state": EVENT_WORKFLOW.state_label(event.status)})
        report = EventReport.objects.create(event=event, kind=EventReport.Kind.FOLLOW_UP, received_at=timezone.now(),
                                            text=text.strip(), casualties=casualties, created_by=user)
        stored = _store_files(event=event, report=report, files=checked, user=user)
        previous = event.casualties
        if casualties is not None and casualties != previous:
            event.casualties = casualties
        event.save(update_fields=["casualties", "updated_at"])
        timeline_record(subject=report, event_id=event.pk, kind=TimelineEntry.Kind.REPORT, actor=user,
                        at=report.received_at, reason=report.text[:500],
                        payload={**_report_payload(report, stored), "casualties_before": previous})
    return report


def event_change_severity(*, user, event_id: int, severity, reason: str) -> Event:
    """Raise or lower the severity with a reason (定级调整), recorded on the timeline; the
    deadlines of unsubmitted upward reports follow the new severity."""
    event_for(user, event_id, roles=DESK_ROLES)
    severity = parse_severity(severity, required=True)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput(_("reason: say why the severity changes."), errors={"reason": [_("Say why the severity changes.")]})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.status in (*FINISHED, Event.Status.CLOSED):
            raise Conflict(_("Event %(code)s is %(state)s: its severity is final.") % {
                "code": event.code, "state": EVENT_WORKFLOW.state_label(event.status)})
        if event.severity == severity:
            raise Conflict(_("The severity is already %(value)s.") % {"value": event.get_severity_display()})
        before = event.severity
        event.severity = severity
        event.save(update_fields=["severity", "updated_at"])
        for report in event.upward_reports.filter(submitted_at__isnull=True, kind="initial"):
            report.due_at = deadlines.due_at("initial", report.recipient, severity, event.reported_at)
            report.save(update_fields=["due_at"])
        _draft_initial_reports(event, user)
        timeline_record(subject=event, kind=TimelineEntry.Kind.NOTE, actor=user, reason=reason,
                        payload={"field": "severity", "from": before, "to": severity})
    return event


def upward_report_draft(*, user, event_id: int, kind: str, recipient: str) -> UpwardReport:
    """Draft a 首报 / 续报 / 终报 to the district or the city from the event's fields, with its
    deadline (geo_api/incidents/deadlines.py). One initial and one final report per recipient;
    follow-ups are numbered; a final report needs the response to be over."""
    event_for(user, event_id, roles=DESK_ROLES)
    if kind not in UpwardReport.Kind.values:
        raise InvalidInput(_("kind is one of %(list)s.") % {"list": ", ".join(UpwardReport.Kind.values)},
                           errors={"kind": [_("Unknown kind.")]})
    if recipient not in UpwardReport.Recipient.values:
        raise InvalidInput(_("recipient is one of %(list)s.") % {"list": ", ".join(UpwardReport.Recipient.values)},
                           errors={"recipient": [_("Unknown recipient.")]})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        existing = event.upward_reports.filter(kind=kind, recipient=recipient)
        submitted = event.upward_reports.filter(recipient=recipient, submitted_at__isnull=False)
        if kind in ("initial", "final") and existing.exists():
            raise Conflict(_("This report already exists; edit and submit it."), id=existing.first().pk)
        if kind == "follow_up" and not submitted.filter(kind="initial").exists():
            raise Conflict(_("Submit the initial report to this recipient first."))
        if kind == "final" and event.status not in (Event.Status.CLOSED, Event.Status.ARCHIVED):
            raise Conflict(_("The final report follows the end of the response; close the event first."))
        previous = submitted.order_by("-submitted_at").first()
        start = {"initial": event.reported_at, "follow_up": previous.submitted_at if previous else timezone.now(),
                 "final": event.closed_at}[kind]
        number = existing.count() + 1 if kind == "follow_up" else 1
        report = UpwardReport.objects.create(
            event=event, kind=kind, recipient=recipient, number=number,
            text=drafting.draft_text(event, kind, number, since=previous.submitted_at if previous else None),
            due_at=deadlines.due_at(kind, recipient, event.severity, start), created_by=user)
        timeline_record(subject=report, event_id=event.pk, kind=TimelineEntry.Kind.NOTE, actor=user,
                        payload={"upward_report": report.pk, "action": "drafted", "kind": kind,
                                 "recipient": recipient, "number": number,
                                 "due_at": report.due_at.isoformat() if report.due_at else None})
    return report


def upward_report_submit(*, user, report_id: int, text: str | None = None) -> UpwardReport:
    """Submit (上报) a drafted report, with the text as signed off; late ones stay flagged."""
    with transaction.atomic():
        report = UpwardReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise NotFound(_("No upward report with id %(id)s.") % {"id": report_id})
        event_for(user, report.event_id, roles=DESK_ROLES)
        if report.submitted_at is not None:
            raise Conflict(_("This report was submitted at %(at)s.") % {
                "at": timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M")})
        if text is not None:
            if not isinstance(text, str) or not text.strip():
                raise InvalidInput(_("text: the report cannot be empty."), errors={"text": [_("The report cannot be empty.")]})
            report.text = text.strip()[:20000]
        now = timezone.now()
        late = report.due_at is not None and report.due_at < now
        if late and report.overdue_at is None:
            report.overdue_at = now
        report.submitted_at, report.submitted_by = now, user
        report.save()
        timeline_record(subject=report, event_id=report.event_id, kind=TimelineEntry.Kind.NOTE, actor=user,
                        payload={"upward_report": report.pk, "action": "submitted", "kind": report.kind,
                                 "recipient": report.recipient, "number": report.number, "late": late})
    return report


def upward_reports_mark_overdue(now: datetime | None = None) -> list[int]:
    """Flag unsubmitted reports past their deadline (the scheduled check; safe to run twice:
    a flagged report is not flagged again). Each flag is a timeline entry by the platform."""
    now = now or timezone.now()
    flagged = []
    with transaction.atomic():
        rows = (UpwardReport.objects.select_for_update(skip_locked=True)
                .filter(submitted_at__isnull=True, overdue_at__isnull=True, due_at__lt=now).order_by("due_at", "id"))
        for report in rows:
            report.overdue_at = now
            report.save(update_fields=["overdue_at"])
            timeline_record(subject=report, event_id=report.event_id, kind=TimelineEntry.Kind.NOTE, actor=None,
                            reason=_("Upward report overdue"),
                            payload={"upward_report": report.pk, "action": "overdue", "kind": report.kind,
                                     "recipient": report.recipient, "due_at": report.due_at.isoformat()})
            flagged.append(report.pk)
    return flagged
