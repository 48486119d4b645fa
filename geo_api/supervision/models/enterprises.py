from django.contrib.gis.db import models
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from geo_api.reference.codes import RiskColour

credit_code_validator = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$", _("Not an 18-character unified social credit code.")
)


class Enterprise(models.Model):
    """Hazardous-chemical and key enterprises under supervision."""

    class Kind(models.TextChoices):
        HAZCHEM_PRODUCTION = "hazchem_production", _("Hazardous chemicals: production")
        HAZCHEM_STORAGE = "hazchem_storage", _("Hazardous chemicals: storage")
        HAZCHEM_USE = "hazchem_use", _("Hazardous chemicals: use")
        HAZCHEM_TRADE = "hazchem_trade", _("Hazardous chemicals: trade")
        KEY = "key", _("Key enterprise")

    class MajorHazardGrade(models.IntegerChoices):
        """GB 18218-2018: grade 1 is the most dangerous."""

        GRADE_1 = 1, _("Grade 1 major hazard")
        GRADE_2 = 2, _("Grade 2 major hazard")
        GRADE_3 = 3, _("Grade 3 major hazard")
        GRADE_4 = 4, _("Grade 4 major hazard")

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[credit_code_validator]
    )
    kind = models.CharField(_("enterprise kind"), max_length=20, choices=Kind.choices)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    risk_colour = models.CharField(_("risk colour"), max_length=6, choices=RiskColour.choices)
    major_hazard_grade = models.PositiveSmallIntegerField(
        _("major hazard grade"), choices=MajorHazardGrade.choices, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200)
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_enterprise"
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self):
        return self.name
