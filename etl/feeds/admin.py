"""Admin: who may push to which feed (granted here by an administrator); the messages and the
source-id records are read-only here (they are the feeds' own log: fix and replay on /feeds/)."""
from django.contrib import admin

from . import models
from .registry import FEEDS


@admin.register(models.FeedGrant)
class FeedGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "feed", "created_at"]
    list_filter = ["feed"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "feed":
            from django import forms

            return forms.ChoiceField(choices=[(name, name) for name in FEEDS], label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.FeedMessage)
class FeedMessageAdmin(ReadOnly):
    list_display = ["id", "feed", "received_at", "via", "source_id", "state", "attempts"]
    list_filter = ["feed", "state", "via"]
    search_fields = ["source_id", "sha256"]


@admin.register(models.FeedRecord)
class FeedRecordAdmin(ReadOnly):
    list_display = ["feed", "source_id", "target", "target_id", "updated_at"]
    list_filter = ["feed"]
    search_fields = ["source_id"]
