from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "geo_api.cases"
    label = "cases"
    verbose_name = _("Case library")

    def ready(self):
        # An archived event and its case are read-only in the database (migration 0003); every
        # connection turns the triggers' refusal into a 409 with a message (guard.py).
        from django.db.backends.signals import connection_created

        from . import guard

        connection_created.connect(guard.install, dispatch_uid="cases_archived_refusal")
