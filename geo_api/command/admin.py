from django.contrib import admin

from . import models


class ReadOnly(admin.ModelAdmin):
    """Read-only: command records are written by geo_api/command/services.py (with their timeline
    entries), never here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    model = models.InstructionDelivery
    fields = ["user", "via", "department", "acknowledged_at", "note", "escalated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.CommandSession)
class CommandSessionAdmin(ReadOnly):
    list_display = ["event", "commander", "started_at", "ended_at"]


@admin.register(models.Instruction)
class InstructionAdmin(ReadOnly):
    list_display = ["text", "event", "kind", "priority", "sent_by", "sent_at", "escalated_at"]
    list_filter = ["kind", "priority"]
    inlines = [DeliveryInline]
