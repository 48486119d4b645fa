"""Admin pages of the duty desk: the people on the duty list and the shift templates (with who
rotates through them). Rosters, logs, handovers and swaps are kept on the desk (/duty/), where their
rules apply; swaps are shown here read-only. Open to staff accounts that keep the duty desk."""
from django.contrib import admin

from .access import may_keep_desk
from .models import DutyPerson, ShiftTemplate, SwapRequest, TemplateMember


class DeskAdmin(admin.ModelAdmin):
    def _desk(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_staff and may_keep_desk(request.user))

    def has_module_permission(self, request):
        return self._desk(request)

    def has_view_permission(self, request, obj=None):
        return self._desk(request)

    def has_add_permission(self, request):
        return self._desk(request)

    def has_change_permission(self, request, obj=None):
        return self._desk(request)

    def has_delete_permission(self, request, obj=None):
        return self._desk(request)


class TemplateMemberInline(admin.TabularInline):
    model = TemplateMember
    extra = 0
    autocomplete_fields = ["person"]

    def has_view_permission(self, request, obj=None):
        return may_keep_desk(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(DutyPerson)
class DutyPersonAdmin(DeskAdmin):
    list_display = ["name", "phone", "organization", "title", "username", "active"]
    list_filter = ["active", "organization"]
    search_fields = ["name", "phone", "username"]


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(DeskAdmin):
    list_display = ["name", "day_start", "groups", "days", "leader_rule", "anchor_date"]
    inlines = [TemplateMemberInline]


@admin.register(SwapRequest)
class SwapRequestAdmin(DeskAdmin):
    list_display = ["shift", "from_person", "to_person", "status", "requested_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
