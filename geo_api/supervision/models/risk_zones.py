from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from geo_api.reference.codes import RiskColour


class RiskZone(models.Model):
    """An area of elevated risk drawn by analysts: waterlogging, hazardous-chemical impact,
    construction, crowds. Polygons, edited on the desk."""

    class ZoneType(models.TextChoices):
        WATERLOGGING = "waterlogging", _("Waterlogging-prone area")
        HAZCHEM = "hazchem", _("Hazardous-chemical impact area")
        CONSTRUCTION = "construction", _("Construction site")
        CROWD = "crowd", _("Crowded place")
        GEOLOGICAL = "geological", _("Ground subsidence area")

    name = models.CharField(_("name"), max_length=100)
    zone_type = models.CharField(_("zone type"), max_length=14, choices=ZoneType.choices)
    risk_colour = models.CharField(_("risk colour"), max_length=6, choices=RiskColour.choices)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.MultiPolygonField(_("area"), srid=4326)

    class Meta:
        db_table = "onemap_riskzone"
        verbose_name = _("risk zone")
        verbose_name_plural = _("risk zones")

    def __str__(self):
        return self.name
