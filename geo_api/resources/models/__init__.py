from .resources import Resource
from .warehouses import StockItem, Warehouse

__all__ = ["Resource", "StockItem", "Warehouse"]
