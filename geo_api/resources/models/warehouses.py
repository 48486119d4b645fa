from django.contrib.gis.db import models
from django.core.validators import MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

# GB/T 38565-2020: class digit 1-3, then up to three two-digit levels; 99 = other.
material_code_validator = RegexValidator(r"^[1-3](\d{2}){0,3}$", _("Not a GB/T 38565 material code."))


class Warehouse(models.Model):
    """物资仓库 (库点), kept in step with the city material-reserve platform."""

    class Level(models.TextChoices):
        CITY = "city", _("City level")
        DISTRICT = "district", _("District level")
        STREET = "street", _("Street or town level")

    code = models.CharField(_("warehouse code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    managing_unit = models.CharField(_("managing unit"), max_length=100)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200)
    area_m2 = models.FloatField(_("floor area (m²)"), validators=[MinValueValidator(0)], null=True, blank=True)
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_warehouse"
        verbose_name = _("material warehouse")
        verbose_name_plural = _("material warehouses")

    def __str__(self):
        return self.name


class StockItem(models.Model):
    """One material held in one warehouse, classified by GB/T 38565."""

    warehouse = models.ForeignKey(Warehouse, models.CASCADE, related_name="stock", verbose_name=_("warehouse"))
    material_code = models.CharField(_("material code"), max_length=7, validators=[material_code_validator])
    name = models.CharField(_("material name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "onemap_stockitem"
        verbose_name = _("stock item")
        verbose_name_plural = _("stock items")
        constraints = [models.UniqueConstraint(fields=["warehouse", "material_code", "name"], name="stock_item_unique")]

    def __str__(self):
        return f"{self.name} {self.quantity}{self.unit}"
