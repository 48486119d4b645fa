from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LayersConfig(AppConfig):
    name = "layers"

    def ready(self):
        from . import database_views

        # The slim per-layer views are derived schema: rebuilt whenever the schema is migrated.
        post_migrate.connect(database_views.sync_after_migrate, sender=self)
