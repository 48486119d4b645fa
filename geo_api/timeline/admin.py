"""The timeline in the admin: read only (the table refuses changes anyway)."""
from django.contrib import admin

from .models import TimelineEntry


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "subject_type", "subject_id", "event_id", "transition", "to_state", "actor_label"]
    list_filter = ["kind", "subject_type"]
    search_fields = ["reason", "actor_label"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
