from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from geo_api.reference.codes import EventCategory, ResponseLevel, Severity


class Event(models.Model):
    """An emergency event (突发事件) as received by the duty desk. Drill events never mix with
    real ones: `is_drill` is part of every selector that lists events."""

    class Status(models.TextChoices):
        """The state machine with its transitions comes with the incident workflow."""

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
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REPORTED)
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
