from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    name = "geo_api.command"
    label = "command"
    verbose_name = _("Emergency command")

    def ready(self):
        from . import live

        live.register()  # instructions, acknowledgements, field reports on the live channel
