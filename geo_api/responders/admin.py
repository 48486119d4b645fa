"""Admin pages of this domain's ledgers."""
from django.contrib import admin

from geo_api.reference.ledger_admin import LedgerAdmin

from . import models


@admin.register(models.Responder)
class ResponderAdmin(LedgerAdmin):
    list_display = ["name", "organization", "role", "on_duty"]
    list_filter = ["on_duty"]
