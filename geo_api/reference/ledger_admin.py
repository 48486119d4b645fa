"""The base of every ledger's admin page."""
from django import forms
from django.contrib import admin
from django.contrib.gis.db import models as gis_models


class LedgerAdmin(admin.ModelAdmin):
    formfield_overrides = {gis_models.GeometryField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}
    list_per_page = 50
