from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "geo_api.shelters"
    label = "shelters"
    verbose_name = _("Emergency shelters")

    def ready(self):
        from . import live

        live.register()  # openings' occupancy on the event's live topic (geo_api/live/records.py)
