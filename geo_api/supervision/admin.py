"""Admin pages of this domain's ledgers."""
from django.contrib import admin

from geo_api.reference.ledger_admin import LedgerAdmin

from . import models


@admin.register(models.Enterprise)
class EnterpriseAdmin(LedgerAdmin):
    list_display = ["name", "credit_code", "kind", "risk_colour", "major_hazard_grade"]
    list_filter = ["kind", "risk_colour"]
    search_fields = ["name", "credit_code"]


@admin.register(models.Hazard)
class HazardAdmin(LedgerAdmin):
    list_display = ["code", "name", "kind", "grade", "rectification_status", "deadline"]
    list_filter = ["kind", "grade", "rectification_status"]
    search_fields = ["code", "name"]
    # Owned by the hazard workflow (POST /api/hazards/<id>/transitions/<name>/): shown, never edited here.
    readonly_fields = ["rectification_status"]


@admin.register(models.RiskZone)
class RiskZoneAdmin(LedgerAdmin):
    list_display = ["name", "zone_type", "risk_colour", "responsible_unit"]
