from .resources import Resource
from .warehouses import StockAlert, StockItem, StockMovement, Warehouse

__all__ = ["Resource", "StockAlert", "StockItem", "StockMovement", "Warehouse"]
