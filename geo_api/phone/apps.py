from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    """The responders' phone app /m/ (a PWA): its page, manifest and service worker, and the small
    "my day" and "near me" reads it needs. It owns no tables: every write goes to its domain's API."""

    name = "geo_api.phone"
    label = "phone"
    verbose_name = _("Phone app")
