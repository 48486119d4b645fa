"""Admin pages: departments and their members are kept here; plans are read here and revised by
import (a new version each time), never edited in place."""
from django.contrib import admin

from . import models


@admin.register(models.Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "phone"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["code", "current", "last_drilled_on"]
    search_fields = ["code", "versions__title"]


@admin.register(models.PlanActivation)
class PlanActivationAdmin(ReadOnlyAdmin):
    list_display = ["plan", "event", "response_level", "activated_by", "activated_at"]
