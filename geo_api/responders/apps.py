from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RespondersConfig(AppConfig):
    name = "geo_api.responders"
    label = "responders"
    verbose_name = _("Field responders")
