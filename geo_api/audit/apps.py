from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "geo_api.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from . import triggers

        # Triggers are derived schema, like the layer views: re-attached to every audited table
        # (new ones included) whenever the schema is migrated.
        post_migrate.connect(triggers.attach_after_migrate, sender=self)
