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
        """reported → verified → responding → closed. A report found false or duplicate is
        dismissed (reported/verified → closed, with a reason); a closed event is reopened by the
        commander (closed → responding, with a reason). Only the transitions below change it
        (geo_api/incidents/services.py), never a generic edit, the admin or a bulk UPDATE."""

        REPORTED = "reported", _("Reported")
        VERIFIED = "verified", _("Verified")
        RESPONDING = "responding", _("Responding")
        CLOSED = "closed", _("Closed")

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

    @transition(field=status, source=Status.RESPONDING, target=Status.CLOSED, permission=COMMAND,
                custom={"label": _("Close"), "needs_reason": True})
    def close(self):
        """结束响应: the response is over; the reason is the closing summary."""
        self.closed_at = timezone.now()

    @transition(field=status, source=[Status.REPORTED, Status.VERIFIED], target=Status.CLOSED,
                permission=DUTY_DESK, custom={"label": _("Dismiss"), "needs_reason": True})
    def dismiss(self):
        """作废: a false alarm, a duplicate or a matter handled without a response."""
        self.closed_at = timezone.now()

    @transition(field=status, source=Status.CLOSED, target=Status.RESPONDING, permission=COMMAND,
                custom={"label": _("Reopen"), "needs_reason": True})
    def reopen(self):
        """重新启动: the situation flared up again."""
        self.closed_at = None
