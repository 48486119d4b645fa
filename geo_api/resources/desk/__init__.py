"""Desk pages of the resources domain: the resource ledger (/resources/) and warehouses and stock
(/warehouses/), Django templates + htmx inside the desk shell (geo_api/web/desk/shell.py)."""
