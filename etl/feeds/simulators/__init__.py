"""Simulators of the agencies, so the whole loop runs on one machine: each module's `payload(now)`
returns (body bytes, content type) as that agency would send it at `now`, stable within its
period (an unchanged list is the same bytes, so a pull that finds nothing new stores nothing).
Served at /simulators/<feed>/ when settings.ONEMAP_FEED_SIMULATORS is on (local and test only)."""
from importlib import import_module

MODULES = {"duty-info": "duty_info", "alarms": "alarms", "cameras": "cameras", "weather-warnings": "weather_warnings",
           "warehouse-sites": "warehouse_sites", "warehouse-stock": "warehouse_stock"}


def payload(feed: str, now=None) -> tuple[bytes, str]:
    from django.utils import timezone

    module = import_module(f"{__name__}.{MODULES[feed]}")
    return module.payload(timezone.localtime(now or timezone.now()))
