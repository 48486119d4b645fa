"""Command mode (应急指挥) records: who took an event into command and when, and the instructions
sent down (指令下发) with one delivery row per recipient that is acknowledged or escalated.

Every table here has a foreign key named `event`, so the live channel publishes its rows on the
event's topic (geo_api/live/changes.py) and the timeline entries name the event."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommandSession(models.Model):
    """An event under command: the commander who entered command mode and when. At most one open
    session per event (entering again returns it)."""

    event = models.ForeignKey("incidents.Event", models.CASCADE, related_name="command_sessions",
                              verbose_name=_("event"))
    commander = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("commander"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        db_table = "onemap_command_session"
        verbose_name = _("command session")
        verbose_name_plural = _("command sessions")
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event"], condition=models.Q(ended_at__isnull=True),
                                               name="command_one_open_session")]

    def __str__(self):
        return f"{self.event_id} @ {self.started_at:%Y-%m-%d %H:%M}"


class Instruction(models.Model):
    """An instruction from the command to people on an event. `kind=escalation` is the notice the
    platform sends to the sender and the event's commanders when recipients did not acknowledge
    an instruction in time (`escalates` names it); it is read like an instruction."""

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")
        CRITICAL = "critical", _("Critical")

    class Kind(models.TextChoices):
        INSTRUCTION = "instruction", _("Instruction")
        ESCALATION = "escalation", _("Escalation notice")

    event = models.ForeignKey("incidents.Event", models.CASCADE, related_name="instructions", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INSTRUCTION)
    text = models.TextField(_("text"))
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    # None for an escalation notice: the platform sent it.
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    to_everyone = models.BooleanField(_("to everyone on the event"), default=False)
    to_departments = models.ManyToManyField("plans.Department", blank=True, related_name="+",
                                            verbose_name=_("to departments"))
    ack_within_min = models.PositiveIntegerField(_("acknowledge within (minutes)"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalates = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="escalations",
                                  verbose_name=_("escalates"))

    class Meta:
        db_table = "onemap_instruction"
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return self.text[:40]


class InstructionDelivery(models.Model):
    """One recipient of an instruction: how they were addressed, when they acknowledged (with a
    note) and whether the missing acknowledgement was escalated. `event` repeats the
    instruction's so acknowledgements are published on the event's topic."""

    class Via(models.TextChoices):
        USER = "user", _("Person")
        DEPARTMENT = "department", _("Department")
        EVERYONE = "everyone", _("Everyone on the event")
        ESCALATION = "escalation", _("Escalation")

    instruction = models.ForeignKey(Instruction, models.CASCADE, related_name="deliveries",
                                    verbose_name=_("instruction"))
    event = models.ForeignKey("incidents.Event", models.CASCADE, related_name="+", verbose_name=_("event"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="instruction_deliveries",
                             verbose_name=_("recipient"))
    via = models.CharField(_("addressed as"), max_length=10, choices=Via.choices)
    department = models.ForeignKey("plans.Department", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("department"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        db_table = "onemap_instruction_delivery"
        verbose_name = _("instruction delivery")
        verbose_name_plural = _("instruction deliveries")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["instruction", "user"], name="instruction_delivery_once")]
        indexes = [models.Index(fields=["user", "acknowledged_at"], name="instruction_delivery_inbox"),
                   models.Index(fields=["acknowledged_at", "escalated_at"], name="instruction_delivery_open",
                                condition=models.Q(acknowledged_at__isnull=True, escalated_at__isnull=True))]
