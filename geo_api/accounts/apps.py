from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "geo_api.accounts"
    label = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self):
        from . import schema  # noqa: F401  (registers the OpenAPI description of our credentials)
        from .role_groups import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)
