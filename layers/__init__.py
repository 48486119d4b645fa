"""The single source of truth for what is on the One-Map: see registry.py and catalog.py."""
