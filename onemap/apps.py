from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnemapConfig(AppConfig):
    name = "onemap"
    verbose_name = _("Emergency One-Map")
