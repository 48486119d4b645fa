from django.urls import path

from . import ledger, warehouses

app_name = "resources_desk"

urlpatterns = [
    path("resources/", ledger.resources, name="resources"),
    path("resources/new/", ledger.resource_new, name="resource_new"),
    path("resources/<int:resource_id>/edit/", ledger.resource_edit, name="resource_edit"),
    path("resources/<int:resource_id>/retire/", ledger.resource_retire, name="resource_retire"),
    path("warehouses/", warehouses.warehouses, name="warehouses"),
    path("warehouses/<int:warehouse_id>/", warehouses.warehouse, name="warehouse"),
    path("warehouses/<int:warehouse_id>/movements/", warehouses.warehouse_movement, name="warehouse_movement"),
    path("warehouses/<int:warehouse_id>/levels/", warehouses.warehouse_levels, name="warehouse_levels"),
]
