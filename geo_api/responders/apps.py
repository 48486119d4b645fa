from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RespondersConfig(AppConfig):
    name = "geo_api.responders"
    label = "responders"
    verbose_name = _("Field responders")

    def ready(self):
        from . import live

        live.register()  # check-ins on the live channel (geo_api/live/records.py)
