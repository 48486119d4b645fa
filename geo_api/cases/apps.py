from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "geo_api.cases"
    label = "cases"
    verbose_name = _("Case library")

    def ready(self):
        # An archived event's case is read-only: every ORM write to the event and what hangs off
        # it (reports, attachments, tasks, instructions) is refused with a 409 (guard.py).
        from . import guard

        guard.connect()
