from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimelineEntry(models.Model):
    """One thing that happened to a subject (an event, a hazard, a shelter, later a task or an
    instruction): who, when, why and what. Every state transition, instruction, report and
    check-in writes one; command views, archives and the replay of an event read them.

    The subject is named by its model label and id rather than a content-type foreign key, so
    "everything about event 42" is one index range scan (`event_id`) and a subject's history is
    another (`subject_type, subject_id`), with no join. The table is append-only: a trigger
    (migration 0002) refuses UPDATE and DELETE, as for the audit log. It is not itself audited:
    an entry already says who, when and why, and nothing may change it afterwards."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("State change")
        INSTRUCTION = "instruction", _("Instruction")
        REPORT = "report", _("Follow-up report")
        CHECK_IN = "check_in", _("On-site check-in")
        NOTE = "note", _("Note")

    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.BigIntegerField(_("subject id"))
    # The incident this entry belongs to, if any: the replay of an event reads by this alone.
    # A plain id, not a foreign key: the timeline is shared by every domain and never changes.
    event_id = models.BigIntegerField(_("event"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # PROTECT, not SET_NULL: the table refuses UPDATE, so accounts are deactivated, never deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    actor_label = models.CharField(_("by (as recorded)"), max_length=200)
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    transition = models.CharField(_("transition"), max_length=40, blank=True)
    from_state = models.CharField(_("from state"), max_length=32, blank=True)
    to_state = models.CharField(_("to state"), max_length=32, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "at"], name="timeline_subject"),
            models.Index(fields=["event_id", "at"], name="timeline_event",
                         condition=models.Q(event_id__isnull=False)),
        ]

    def __str__(self):
        return f"{self.subject_type}#{self.subject_id} {self.kind} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
