from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A street (街道) or town (镇) of Changning. Demo polygons are synthetic and say so."""

    class Kind(models.TextChoices):
        STREET = "street", _("Street")
        TOWN = "town", _("Town")

    code = models.CharField(_("administrative code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    population = models.PositiveIntegerField(_("resident population"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic boundary"), default=False)
    geom = models.MultiPolygonField(_("geometry"), srid=4326)

    class Meta:
        db_table = "onemap_district"
        verbose_name = _("street or town")
        verbose_name_plural = _("streets and towns")
        ordering = ["code"]

    def __str__(self):
        return self.name
