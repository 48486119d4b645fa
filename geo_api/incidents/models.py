from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from geo_api.accounts.roles import Role
from geo_api.reference.codes import EventCategory, ResponseLevel, Severity
from geo_api.timeline.rules import roles_may
from geo_api.timeline.state import StateMachineModel

# Who moves an event (BRIEF subsystems 1 and 3): the duty desk receives and verifies reports and
# may dismiss a false or duplicate one; starting the response, closing it and reopening a closed
# event are the commander's decisions.
DUTY_DESK = roles_may(Role.DUTY_OFFICER, Role.COMMANDER)
COMMAND = roles_may(Role.COMMANDER)


class Event(StateMachineModel, models.Model):
    """An emergency event (突发事件) as received by the duty desk. Drill events never mix with
    real ones: `is_drill` is part of every selector that lists events."""

    class Status(models.TextChoices):
        """reported → verified → responding → recovering → closed → archived. A false report is
        dismissed (reported/verified → dismissed, with a reason) and archived later; a closed event
        is reopened by the commander (closed → responding, with a reason). Only the transitions
        below change it (geo_api/incidents/services.py), never a generic edit, the admin or a bulk
        UPDATE."""

        REPORTED = "reported", _("Reported")
        VERIFIED = "verified", _("Verified")
        RESPONDING = "responding", _("Responding")
        RECOVERING = "recovering", _("Recovering")
        CLOSED = "closed", _("Closed")
        DISMISSED = "dismissed", _("Dismissed")
        ARCHIVED = "archived", _("Archived")

    class Source(models.TextChoices):
        """Where the report came from (信息来源)."""

        PHONE = "phone", _("Phone call")
        HOTLINE_12345 = "hotline_12345", _("12345 hotline")
        POLICE_110 = "police_110", _("110 joint response")
        FIRE_119 = "fire_119", _("119 command centre")
        AMBULANCE_120 = "ambulance_120", _("120 emergency centre")
        CITY_OPS = "city_ops", _("District City Operations Center")
        CITY_BUREAU = "city_bureau", _("City emergency bureau")
        GRID = "grid", _("Street grid worker")
        FIELD = "field", _("Field staff")
        OTHER = "other", _("Other")

    code = models.CharField(_("event code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=EventCategory.choices)
    event_type = models.CharField(_("event type"), max_length=50)
    gb_code = models.CharField(_("GB/T 35561 code"), max_length=5, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    response_level = models.PositiveSmallIntegerField(
        _("response level"), choices=ResponseLevel.choices, null=True, blank=True
    )
    status = FSMField(_("status"), max_length=12, choices=Status.choices, default=Status.REPORTED, protected=True)
    is_drill = models.BooleanField(_("drill"), default=False)
    occurred_at = models.DateTimeField(_("occurred at"))
    reported_at = models.DateTimeField(_("reported at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200)
    reporter = models.CharField(_("reported by"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    description = models.TextField(_("description"), blank=True)
    casualties = models.PositiveIntegerField(_("casualties"), default=0)
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_event"
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title

    # -- transitions: performed through geo_api.incidents.services.event_transition ----------
    @transition(field=status, source=Status.REPORTED, target=Status.VERIFIED, permission=DUTY_DESK,
                custom={"label": _("Verify")})
    def verify(self):
        """核实: the report is confirmed by the duty desk."""

    @transition(field=status, source=Status.VERIFIED, target=Status.RESPONDING, permission=COMMAND,
                custom={"label": _("Start response")})
    def respond(self):
        """启动响应: the commander takes the event into command."""

    @transition(field=status, source=Status.RESPONDING, target=Status.RECOVERING, permission=COMMAND,
                custom={"label": _("Start recovery")})
    def recover(self):
        """转入恢复: the emergency is under control; recovery and aftermath work go on."""

    @transition(field=status, source=[Status.RESPONDING, Status.RECOVERING], target=Status.CLOSED,
                permission=COMMAND, custom={"label": _("Close"), "needs_reason": True})
    def close(self):
        """结束响应: the response is over; the reason is the closing summary."""
        self.closed_at = timezone.now()

    @transition(field=status, source=[Status.REPORTED, Status.VERIFIED], target=Status.DISMISSED,
                permission=DUTY_DESK, custom={"label": _("Dismiss"), "needs_reason": True})
    def dismiss(self):
        """作废: a false alarm or a duplicate report."""
        self.closed_at = timezone.now()

    @transition(field=status, source=Status.CLOSED, target=Status.RESPONDING, permission=COMMAND,
                custom={"label": _("Reopen"), "needs_reason": True})
    def reopen(self):
        """重新启动: the situation flared up again."""
        self.closed_at = None

    @transition(field=status, source=[Status.CLOSED, Status.DISMISSED], target=Status.ARCHIVED,
                permission=DUTY_DESK, custom={"label": _("Archive")})
    def archive(self):
        """归档: the record is complete (final report filed) and goes to the case library."""


# Events still being worked: counted on the wall, listed as open on the desk.
OPEN_STATUSES = (Event.Status.REPORTED, Event.Status.VERIFIED, Event.Status.RESPONDING, Event.Status.RECOVERING)


class EventCodeSequence(models.Model):
    """The last number handed out per day for event codes EV-YYYYMMDD-NNNN; bumped with one
    INSERT ... ON CONFLICT ... RETURNING (geo_api/incidents/codes.py), so concurrent intakes never
    get the same code."""

    day = models.DateField(_("day"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        db_table = "onemap_event_code_sequence"
        verbose_name = _("event code sequence")


class EventReport(models.Model):
    """One piece of information about an event: a call received (接报; many calls about one
    incident are reports on one event) or a follow-up (续报) from the desk or the field."""

    class Kind(models.TextChoices):
        CALL = "call", _("Report received")
        FOLLOW_UP = "follow_up", _("Follow-up")

    event = models.ForeignKey(Event, models.CASCADE, related_name="reports", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    received_at = models.DateTimeField(_("received at"))
    source = models.CharField(_("source"), max_length=16, choices=Event.Source.choices, blank=True)
    reporter = models.CharField(_("reported by"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=30, blank=True)
    text = models.TextField(_("text"), blank=True)
    # A follow-up's casualty figure replaces the event's; None = no new figure.
    casualties = models.PositiveIntegerField(_("casualties"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    geom = models.PointField(_("location"), srid=4326, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_event_report"
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")
        ordering = ["received_at", "id"]


def attachment_path(instance, filename):
    # The stored name is ours (a random stem keeps the extension): the original is kept as data.
    from uuid import uuid4

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"events/{instance.event_id}/{uuid4().hex}.{suffix}"


class Attachment(models.Model):
    """A file sent with a report (photo, document). Stored under MEDIA_ROOT, downloaded only
    through /api/events/<id>/attachments/<id>/ by users who may read the event."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="attachments", verbose_name=_("event"))
    report = models.ForeignKey(EventReport, models.CASCADE, null=True, blank=True, related_name="attachments",
                               verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_event_attachment"
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]


class UpwardReport(models.Model):
    """An information report to the district or the city (首报 / 续报 / 终报), drafted from the
    event, signed off and submitted by the desk; its deadline comes from
    geo_api/incidents/deadlines.py. `overdue_at` is set by the scheduled check (or on sight)
    when the deadline passed before submission."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial report")
        FOLLOW_UP = "follow_up", _("Follow-up report")
        FINAL = "final", _("Final report")

    class Recipient(models.TextChoices):
        DISTRICT = "district", _("District government")
        CITY = "city", _("City emergency bureau")

    event = models.ForeignKey(Event, models.CASCADE, related_name="upward_reports", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)  # 续报一、续报二…
    text = models.TextField(_("text"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    overdue_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("drafted by"))
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_upward_report"
        verbose_name = _("upward report")
        verbose_name_plural = _("upward reports")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "recipient", "kind", "number"],
                                               name="upward_report_unique_number")]

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.submitted_at is None and self.due_at is not None and self.due_at < now
