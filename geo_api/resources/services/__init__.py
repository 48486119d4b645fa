"""Writes of the resources domain (see each module)."""
from .alerts import stock_alerts_refresh
from .resources import resource_register, resource_reinstate, resource_retire, resource_update
from .stock import stock_item_set_levels, stock_move

__all__ = ["resource_register", "resource_reinstate", "resource_retire", "resource_update", "stock_alerts_refresh",
           "stock_item_set_levels", "stock_move"]
