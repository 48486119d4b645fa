"""Admin pages of this domain's ledgers."""
from django.contrib import admin

from geo_api.reference.ledger_admin import LedgerAdmin

from . import models


@admin.register(models.Event)
class EventAdmin(LedgerAdmin):
    list_display = ["code", "title", "category", "severity", "status", "is_drill", "reported_at"]
    list_filter = ["category", "severity", "status", "is_drill"]
    search_fields = ["code", "title"]
    # Owned by the event workflow (POST /api/events/<id>/transitions/<name>/): shown, never edited here.
    readonly_fields = ["status", "closed_at"]
