from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class Responder(models.Model):
    """A field responder (现场人员) who shares a live position."""

    name = models.CharField(_("name"), max_length=50)
    organization = models.CharField(_("organization"), max_length=100)
    role = models.CharField(_("role"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    on_duty = models.BooleanField(_("on duty"), default=False)
    user = models.OneToOneField(
        "auth.User", models.SET_NULL, null=True, blank=True, related_name="responder", verbose_name=_("account")
    )

    class Meta:
        db_table = "onemap_responder"
        verbose_name = _("responder")
        verbose_name_plural = _("responders")

    def __str__(self):
        return self.name


class PositionFix(models.Model):
    """One GNSS fix as a phone reports it."""

    recorded_at = models.DateTimeField(_("recorded at"))
    accuracy_m = models.FloatField(_("accuracy (m)"), null=True, blank=True)
    speed_mps = models.FloatField(_("speed (m/s)"), null=True, blank=True)
    heading = models.FloatField(_("heading (degrees)"), null=True, blank=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        abstract = True


class PositionReport(PositionFix):
    """Every position a responder ever sent; append-only, kept for replay."""

    responder = models.ForeignKey(Responder, models.CASCADE, related_name="reports", verbose_name=_("responder"))

    class Meta(PositionFix.Meta):
        abstract = False
        db_table = "onemap_positionreport"
        verbose_name = _("position report")
        verbose_name_plural = _("position reports")
        indexes = [models.Index(fields=["responder", "-recorded_at"], name="position_report_latest")]


class ResponderPosition(PositionFix):
    """The latest position of each responder, upserted from PositionReport by the service."""

    responder = models.OneToOneField(
        Responder, models.CASCADE, related_name="position", verbose_name=_("responder")
    )

    class Meta(PositionFix.Meta):
        abstract = False
        db_table = "onemap_responderposition"
        verbose_name = _("responder position")
        verbose_name_plural = _("responder positions")
