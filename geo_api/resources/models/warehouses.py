from django.conf import settings
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
    """One material held in one warehouse, classified by GB/T 38565.

    `quantity` is the balance of the stock ledger (StockMovement), kept here so that reads, the map
    popup and "nearest warehouse holding N" are one indexed row each. Only the movement service
    (resources/services/stock.py stock_move) writes it, in the same transaction as the movement and
    with the row locked, so it always equals the ledger's sum (selectors.stock_ledger_drift checks);
    the database refuses a negative balance. The admin shows it read-only."""

    warehouse = models.ForeignKey(Warehouse, models.CASCADE, related_name="stock", verbose_name=_("warehouse"))
    material_code = models.CharField(_("material code"), max_length=7, validators=[material_code_validator])
    name = models.CharField(_("material name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=0,
                                   validators=[MinValueValidator(0)])
    minimum = models.DecimalField(_("minimum level"), max_digits=12, decimal_places=2, default=0,
                                  validators=[MinValueValidator(0)])
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "onemap_stockitem"
        verbose_name = _("stock item")
        verbose_name_plural = _("stock items")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "material_code"], name="stock_item_unique_code"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_item_never_negative"),
            models.CheckConstraint(condition=models.Q(minimum__gte=0), name="stock_item_minimum_not_negative"),
        ]
        indexes = [models.Index(fields=["material_code", "quantity"], name="stock_item_code_quantity")]

    def __str__(self):
        return f"{self.name} {self.quantity}{self.unit}"


class StockMovement(models.Model):
    """The stock ledger: one row per movement, never changed or deleted (a trigger refuses UPDATE
    and DELETE, migration 0003). A quantity is the sum of its movements: `delta` is the signed
    change to `warehouse`; a transfer also adds `quantity` to `to_warehouse`. A stocktake
    adjustment records the counted quantity and the difference it made."""

    class Kind(models.TextChoices):
        IN = "in", _("Stock in")
        OUT = "out", _("Stock out")
        TRANSFER = "transfer", _("Transfer")
        ADJUST = "adjust", _("Stocktake adjustment")
        OPENING = "opening", _("Opening balance")

    kind = models.CharField(_("movement kind"), max_length=10, choices=Kind.choices)
    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="movements", verbose_name=_("warehouse"))
    to_warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="transfers_in", null=True, blank=True,
                                     verbose_name=_("to warehouse"))
    material_code = models.CharField(_("material code"), max_length=7, validators=[material_code_validator])
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    delta = models.DecimalField(_("change"), max_digits=12, decimal_places=2)
    balance_after = models.DecimalField(_("balance after"), max_digits=12, decimal_places=2)
    to_balance_after = models.DecimalField(_("balance after (receiving)"), max_digits=12, decimal_places=2,
                                           null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    # PROTECT: the ledger refuses UPDATE, so accounts are deactivated, never deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("by"))
    actor_label = models.CharField(_("by (as recorded)"), max_length=200)
    at = models.DateTimeField(_("at"))

    class Meta:
        db_table = "onemap_stockmovement"
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["warehouse", "material_code", "at"], name="stock_movement_ledger"),
            models.Index(fields=["to_warehouse", "material_code"], name="stock_movement_received",
                         condition=models.Q(to_warehouse__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_movement_quantity_not_negative"),
            models.CheckConstraint(
                condition=(models.Q(kind="transfer", to_warehouse__isnull=False)
                           | (~models.Q(kind="transfer") & models.Q(to_warehouse__isnull=True))),
                name="stock_movement_transfer_has_destination"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.material_code} {self.quantity}"


class StockAlert(models.Model):
    """A stock line below its minimum level, expiring soon or expired, raised by the scheduled
    check (resources/tasks.py) and resolved by it when the line is fine again."""

    class Kind(models.TextChoices):
        BELOW_MINIMUM = "below_minimum", _("Below minimum level")
        EXPIRING = "expiring", _("Expiring soon")
        EXPIRED = "expired", _("Expired")

    item = models.ForeignKey(StockItem, models.CASCADE, related_name="alerts", verbose_name=_("stock item"))
    warehouse = models.ForeignKey(Warehouse, models.CASCADE, related_name="alerts", verbose_name=_("warehouse"))
    kind = models.CharField(_("alert kind"), max_length=16, choices=Kind.choices)
    material_code = models.CharField(_("material code"), max_length=7)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    minimum = models.DecimalField(_("minimum level"), max_digits=12, decimal_places=2)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        db_table = "onemap_stockalert"
        verbose_name = _("stock alert")
        verbose_name_plural = _("stock alerts")
        ordering = ["-raised_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["item", "kind"], condition=models.Q(resolved_at__isnull=True),
                                               name="stock_alert_one_open_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.material_code}"
