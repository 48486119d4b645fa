from django.contrib.gis.db import models
from django.db.models.functions import Now
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
    """Every position a responder ever sent; append-only, kept for replay. In the database the
    table is partitioned by month on recorded_at (migration 0003) with the primary key
    (id, recorded_at); `id` alone stays unique in practice (one sequence) and is what Django uses."""

    # 1 Hz samples would double every write into the audit log (geo_api/audit/triggers.py); the
    # history is append-only and its own record, and the latest position (audited) feeds live updates.
    audit_excluded = True

    responder = models.ForeignKey(Responder, models.CASCADE, related_name="reports", verbose_name=_("responder"))
    # Blank = trusted. Otherwise why the sample is kept but never shown as the latest position.
    flag = models.CharField(_("flag"), max_length=20, blank=True, default="")
    # The event the responder was working on when the sample was taken (replay, drill separation).
    event = models.ForeignKey("incidents.Event", models.SET_NULL, null=True, blank=True, related_name="+",
                              db_constraint=False, verbose_name=_("event"))
    received_at = models.DateTimeField(_("received at"), db_default=Now())

    class Meta(PositionFix.Meta):
        abstract = False
        db_table = "onemap_positionreport"
        verbose_name = _("position report")
        verbose_name_plural = _("position reports")
        indexes = [models.Index(fields=["responder", "-recorded_at"], name="position_report_latest")]


class ResponderPosition(PositionFix):
    """The latest position of each responder, upserted from PositionReport by the service."""

    # Moved once a second per phone: audited by a trigger function written for these columns, the
    # same entry as the generic one at a tenth of its cost (migration 0006, audit/triggers.py).
    audit_function = "onemap_audit_position"

    responder = models.OneToOneField(
        Responder, models.CASCADE, related_name="position", verbose_name=_("responder")
    )
    # As on the sample: a drill event's positions stay out of the real map (layers/catalog.py).
    event = models.ForeignKey("incidents.Event", models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("event"))

    class Meta(PositionFix.Meta):
        abstract = False
        db_table = "onemap_responderposition"
        verbose_name = _("responder position")
        verbose_name_plural = _("responder positions")


class CheckIn(models.Model):
    """到场签到: a responder arrived at an event's scene, within the set distance of it."""

    event = models.ForeignKey("incidents.Event", models.PROTECT, related_name="check_ins", verbose_name=_("event"))
    responder = models.ForeignKey(Responder, models.PROTECT, related_name="check_ins", verbose_name=_("responder"))
    at = models.DateTimeField(_("checked in at"))
    geom = models.PointField(_("location"), srid=4326)
    accuracy_m = models.FloatField(_("accuracy (m)"), null=True, blank=True)
    distance_m = models.FloatField(_("distance to the event (m)"))

    class Meta:
        db_table = "onemap_checkin"
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at"]
        indexes = [models.Index(fields=["responder", "-at"], name="check_in_latest")]

    def __str__(self):
        return f"{self.responder} @ {self.event_id}"
