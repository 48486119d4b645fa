from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdempotencyConfig(AppConfig):
    name = "geo_api.idempotency"
    label = "idempotency"
    verbose_name = _("Client requests (exactly once)")
