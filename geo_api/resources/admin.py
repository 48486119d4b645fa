"""Admin pages of this domain's ledgers. Stock quantities are the stock ledger's balance: they are
shown read-only here and change only through recorded movements (the /warehouses/ desk or
POST /api/stock-movements/); the ledger itself is read-only everywhere."""
from django.contrib import admin

from geo_api.reference.ledger_admin import LedgerAdmin

from . import models


class StockItemInline(admin.TabularInline):
    model = models.StockItem
    extra = 0
    fields = ["material_code", "name", "unit", "quantity", "minimum", "expires_on"]
    readonly_fields = ["material_code", "name", "unit", "quantity"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # a new line starts with its first movement


@admin.register(models.Warehouse)
class WarehouseAdmin(LedgerAdmin):
    list_display = ["code", "name", "level", "managing_unit"]
    search_fields = ["code", "name"]
    inlines = [StockItemInline]


@admin.register(models.Resource)
class ResourceAdmin(LedgerAdmin):
    list_display = ["name", "kind", "quantity", "unit", "status", "owner_unit", "retired_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "owner_unit"]
    readonly_fields = ["retired_at", "retired_reason"]


@admin.register(models.StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "warehouse", "to_warehouse", "material_code", "quantity", "delta", "actor_label",
                    "reason"]
    list_filter = ["kind"]
    search_fields = ["material_code", "reason", "actor_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
