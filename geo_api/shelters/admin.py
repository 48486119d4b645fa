"""Admin pages of this domain's ledgers."""
from django.contrib import admin

from geo_api.reference.ledger_admin import LedgerAdmin

from . import models


@admin.register(models.Shelter)
class ShelterAdmin(LedgerAdmin):
    list_display = ["code", "name", "shelter_class", "shelter_type", "capacity", "designation_status"]
    list_filter = ["shelter_class", "shelter_type", "designation_status"]
    search_fields = ["code", "name", "address"]
    # Owned by the shelter workflow (transitions, evaluations) or computed (capacity): shown, never edited here.
    readonly_fields = ["designation_status", "evaluation_conclusion", "capacity"]
