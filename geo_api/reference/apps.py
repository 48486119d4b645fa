from django.apps import AppConfig
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "geo_api.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        from .schema_guard import refuse_pre_split_schema

        pre_migrate.connect(refuse_pre_split_schema, sender=self, dispatch_uid="refuse_pre_split_schema")
