from django.contrib.gis.db import models
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from geo_api.reference.codes import WarningLevel

# GB/T 35965.1-2018: 6-digit admin code + 3-digit org + 3-digit internal + 2-digit extension,
# then the Beijing time of issue and a sequence digit.
identifier_validator = RegexValidator(r"^\d{14}_\d{14}_\d$", _("Not a GB/T 35965.1 warning identifier."))


class Warning(models.Model):  # noqa: A001 - the domain word; shadows a builtin nobody uses here
    """A warning (预警) shaped like CAP 1.2 as profiled by GB/T 35965.1-2018."""

    class Status(models.TextChoices):
        ACTUAL = "Actual", _("Actual")
        EXERCISE = "Exercise", _("Exercise")
        SYSTEM = "System", _("System")
        TEST = "Test", _("Test")

    class State(models.TextChoices):
        """Where the warning stands: an Update supersedes the warnings it references, a Cancel
        cancels them, and a scheduled job marks those past `expires` (etl/feeds)."""

        ACTIVE = "active", _("In force")
        SUPERSEDED = "superseded", _("Superseded by an update")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class MsgType(models.TextChoices):
        ALERT = "Alert", _("Alert")
        UPDATE = "Update", _("Update")
        CANCEL = "Cancel", _("Cancel")

    identifier = models.CharField(_("identifier"), max_length=31, unique=True, validators=[identifier_validator])
    sender = models.CharField(_("sender"), max_length=100)
    sent = models.DateTimeField(_("sent at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTUAL)
    msg_type = models.CharField(_("message type"), max_length=8, choices=MsgType.choices, default=MsgType.ALERT)
    references = models.CharField(_("references"), max_length=200, blank=True)
    event_type = models.CharField(_("event type code"), max_length=5)
    event_name = models.CharField(_("event type"), max_length=30)
    level = models.PositiveSmallIntegerField(_("warning level"), choices=WarningLevel.choices)
    urgency = models.CharField(_("urgency"), max_length=12, default="Expected")
    certainty = models.CharField(_("certainty"), max_length=12, default="Likely")
    headline = models.CharField(_("headline"), max_length=200)
    description = models.TextField(_("description"))
    instruction = models.TextField(_("instruction"), blank=True)
    effective = models.DateTimeField(_("effective from"))
    onset = models.DateTimeField(_("onset"))
    expires = models.DateTimeField(_("expires"))
    area_desc = models.CharField(_("area"), max_length=200)
    geom = models.MultiPolygonField(_("warning area"), srid=4326)
    # From the feed (etl/feeds/adapters/weather_warnings.py): what CAP carried beyond the shown
    # zh-CN info block, and what became of the warning.
    language = models.CharField(_("language"), max_length=10, default="zh-CN")
    other_infos = models.JSONField(_("info blocks in other languages"), default=list, blank=True)
    geocodes = models.JSONField(_("area geocodes"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.CharField(_("ended by message"), max_length=31, blank=True)
    source_message = models.ForeignKey("feeds.FeedMessage", models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("source message"))

    class Meta:
        db_table = "onemap_warning"
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-sent"]

    def __str__(self):
        return self.headline
