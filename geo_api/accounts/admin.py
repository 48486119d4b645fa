"""Tokens are created and revoked by administrators here; the key is shown once, on creation."""
from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, TokenScope


class TokenCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=TokenScope.choices,
                                       widget=forms.CheckboxSelectMultiple)
    expires_in_days = forms.IntegerField(label=_("valid for (days)"), min_value=1, max_value=730, initial=90)

    class Meta:
        model = ApiToken
        fields = ["name", "owner"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "key_prefix", "scopes", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    actions = ["revoke"]
    readonly_fields = ["key_prefix", "scopes", "created_at", "created_by", "expires_at", "revoked_at",
                       "last_used_at"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TokenCreateForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + ["name", "owner"] if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "owner", "scopes", "expires_in_days"]
        return ["name", "owner"] + self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = services.token_create(
            owner=form.cleaned_data["owner"], created_by=request.user, name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"], expires_in_days=form.cleaned_data["expires_in_days"])
        obj.pk = token.pk
        messages.warning(request, _("Copy this key now; it is not stored and cannot be shown again: %(key)s")
                         % {"key": key})

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.token_revoke(token=token)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who had access stays

