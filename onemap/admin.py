"""Ledger maintenance in the admin. Geometries are edited as WKT/GeoJSON text: the admin's map
widgets load OpenLayers from a CDN, which this network does not reach; maps live in the client."""
from django import forms
from django.contrib import admin
from django.contrib.gis.db import models as gis_models

from . import models


class LedgerAdmin(admin.ModelAdmin):
    formfield_overrides = {gis_models.GeometryField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}
    list_per_page = 50


@admin.register(models.District)
class DistrictAdmin(LedgerAdmin):
    list_display = ["code", "name", "kind", "population", "synthetic"]


@admin.register(models.Shelter)
class ShelterAdmin(LedgerAdmin):
    list_display = ["code", "name", "shelter_class", "shelter_type", "capacity", "designation_status"]
    list_filter = ["shelter_class", "shelter_type", "designation_status"]
    search_fields = ["code", "name", "address"]


class StockItemInline(admin.TabularInline):
    model = models.StockItem
    extra = 0


@admin.register(models.Warehouse)
class WarehouseAdmin(LedgerAdmin):
    list_display = ["code", "name", "level", "managing_unit"]
    search_fields = ["code", "name"]
    inlines = [StockItemInline]


@admin.register(models.Resource)
class ResourceAdmin(LedgerAdmin):
    list_display = ["name", "kind", "quantity", "unit", "status", "owner_unit"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "owner_unit"]


@admin.register(models.Enterprise)
class EnterpriseAdmin(LedgerAdmin):
    list_display = ["name", "credit_code", "kind", "risk_colour", "major_hazard_grade"]
    list_filter = ["kind", "risk_colour"]
    search_fields = ["name", "credit_code"]


@admin.register(models.Hazard)
class HazardAdmin(LedgerAdmin):
    list_display = ["code", "name", "kind", "grade", "rectification_status", "deadline"]
    list_filter = ["kind", "grade", "rectification_status"]
    search_fields = ["code", "name"]


@admin.register(models.RiskZone)
class RiskZoneAdmin(LedgerAdmin):
    list_display = ["name", "zone_type", "risk_colour", "responsible_unit"]


@admin.register(models.Camera)
class CameraAdmin(LedgerAdmin):
    list_display = ["code", "name", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name"]


@admin.register(models.Warning)
class WarningAdmin(LedgerAdmin):
    list_display = ["identifier", "event_name", "level", "onset", "expires", "msg_type"]
    list_filter = ["level", "msg_type", "status"]


@admin.register(models.Event)
class EventAdmin(LedgerAdmin):
    list_display = ["code", "title", "category", "severity", "status", "is_drill", "reported_at"]
    list_filter = ["category", "severity", "status", "is_drill"]
    search_fields = ["code", "title"]


@admin.register(models.Responder)
class ResponderAdmin(LedgerAdmin):
    list_display = ["name", "organization", "role", "on_duty"]
    list_filter = ["on_duty"]
