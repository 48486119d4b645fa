from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "etl.feeds"
    label = "feeds"
    verbose_name = _("Agency feeds")
    default_auto_field = "django.db.models.BigAutoField"
