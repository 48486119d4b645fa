from django.contrib.gis.db import models
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _


class Resource(models.Model):
    """应急资源: teams, experts, equipment, materials and vehicles, by type and location."""

    class Kind(models.TextChoices):
        TEAM = "team", _("Rescue team")
        EXPERT = "expert", _("Expert")
        EQUIPMENT = "equipment", _("Equipment")
        MATERIAL = "material", _("Material")
        VEHICLE = "vehicle", _("Vehicle")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        DEPLOYED = "deployed", _("Deployed")
        MAINTENANCE = "maintenance", _("Under maintenance")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("resource kind"), max_length=10, choices=Kind.choices)
    specialty = models.CharField(_("specialty"), max_length=50, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    owner_unit = models.CharField(_("owning unit"), max_length=100)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.AVAILABLE)
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Retiring is a state, not a delete (resources/services.py resource_retire): the row keeps its
    # history and the ledger can still list it; the `resources` layer's `where` hides it from the map.
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.CharField(_("reason for retiring"), max_length=200, blank=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_resource"
        verbose_name = _("emergency resource")
        verbose_name_plural = _("emergency resources")

    def __str__(self):
        return self.name

    @property
    def retired(self) -> bool:
        return self.retired_at is not None
