from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from geo_api.reference.codes import RiskColour


class Hazard(models.Model):
    """Risk points (风险点) and hidden hazards (事故隐患, 原安监总局令第16号)."""

    class Kind(models.TextChoices):
        RISK_POINT = "risk_point", _("Risk point")
        HIDDEN_HAZARD = "hidden_hazard", _("Hidden hazard")

    class Grade(models.TextChoices):
        GENERAL = "general", _("General")
        MAJOR = "major", _("Major")

    class Rectification(models.TextChoices):
        """登记 → 评估定级 → 整改中 → 整改完成 → 验收 → 销号, plus 逾期. The state machine
        with its allowed transitions comes with the supervision workflow."""

        REGISTERED = "registered", _("Registered")
        GRADED = "graded", _("Assessed and graded")
        RECTIFYING = "rectifying", _("Being rectified")
        RECTIFIED = "rectified", _("Rectified")
        ACCEPTED = "accepted", _("Accepted")
        CLOSED = "closed", _("Closed out")
        OVERDUE = "overdue", _("Overdue")

    code = models.CharField(_("hazard code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("hazard kind"), max_length=14, choices=Kind.choices)
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices)
    risk_colour = models.CharField(_("risk colour"), max_length=6, choices=RiskColour.choices, blank=True)
    category = models.CharField(_("category"), max_length=50)
    rectification_status = models.CharField(
        _("rectification status"), max_length=12, choices=Rectification.choices, default=Rectification.REGISTERED
    )
    found_on = models.DateField(_("found on"))
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    enterprise = models.ForeignKey(
        "supervision.Enterprise", models.SET_NULL, null=True, blank=True, verbose_name=_("enterprise")
    )
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_hazard"
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self):
        return self.name
