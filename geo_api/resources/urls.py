from django.urls import path

from . import apis

urlpatterns = [
    path("warehouses/nearest/", apis.WarehousesNearestApi.as_view(), name="warehouses-nearest"),
    path("warehouses/<int:warehouse_id>/stock/", apis.WarehouseStockApi.as_view(), name="warehouse-stock"),
    path("stock-movements/", apis.StockMovementsApi.as_view(), name="stock-movements"),
]
