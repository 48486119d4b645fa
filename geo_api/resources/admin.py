"""Admin pages of this domain's ledgers."""
from django.contrib import admin

from geo_api.reference.ledger_admin import LedgerAdmin

from . import models


class StockItemInline(admin.TabularInline):
    model = models.StockItem
    extra = 0


@admin.register(models.Warehouse)
class WarehouseAdmin(LedgerAdmin):
    list_display = ["code", "name", "level", "managing_unit"]
    search_fields = ["code", "name"]
    inlines = [StockItemInline]


@admin.register(models.Resource)
class ResourceAdmin(LedgerAdmin):
    list_display = ["name", "kind", "quantity", "unit", "status", "owner_unit"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "owner_unit"]
