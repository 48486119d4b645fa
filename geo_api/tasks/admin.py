from django.contrib import admin

from . import models


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    """Read-only: tasks move through their transitions (/api/tasks/<id>/transitions/), never here."""

    list_display = ["title", "event", "owner_label", "status", "deadline", "overdue_at"]
    list_filter = ["status"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
