"""The feeds, one adapter each (like pygeoapi's providers): name → class path, loaded on first use.
A new feed is one module in adapters/ and one line here."""
from __future__ import annotations

from functools import cache
from importlib import import_module

from django.utils.translation import gettext as _

from geo_api.common.errors import NotFound

FEEDS = {
    "duty-info": "etl.feeds.adapters.duty_info.DutyInfoAdapter",
    "alarms": "etl.feeds.adapters.alarms.AlarmsAdapter",
    "cameras": "etl.feeds.adapters.cameras.CamerasAdapter",
    "weather-warnings": "etl.feeds.adapters.weather_warnings.WeatherWarningsAdapter",
    "warehouse-sites": "etl.feeds.adapters.warehouse_sites.WarehouseSitesAdapter",
    "warehouse-stock": "etl.feeds.adapters.warehouse_stock.WarehouseStockAdapter",
}


@cache
def adapter(name: str):
    path = FEEDS.get(name)
    if path is None:
        raise NotFound(_("There is no feed “%(name)s”; the feeds are %(list)s.") % {
            "name": str(name)[:40], "list": ", ".join(FEEDS)})
    module, cls = path.rsplit(".", 1)
    return getattr(import_module(module), cls)()


def adapters() -> list:
    return [adapter(name) for name in FEEDS]
