"""Admin pages of this domain's ledgers."""
from django.contrib import admin

from . import models
from .ledger_admin import LedgerAdmin


@admin.register(models.District)
class DistrictAdmin(LedgerAdmin):
    list_display = ["code", "name", "kind", "population", "synthetic"]


@admin.register(models.Camera)
class CameraAdmin(LedgerAdmin):
    list_display = ["code", "name", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name"]
