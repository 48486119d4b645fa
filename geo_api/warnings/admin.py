"""Admin pages of this domain's ledgers."""
from django.contrib import admin

from geo_api.reference.ledger_admin import LedgerAdmin

from . import models


@admin.register(models.Warning)
class WarningAdmin(LedgerAdmin):
    list_display = ["identifier", "event_name", "level", "onset", "expires", "msg_type"]
    list_filter = ["level", "msg_type", "status"]
