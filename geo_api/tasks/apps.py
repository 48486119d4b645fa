from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "geo_api.tasks"
    label = "tasks"
    verbose_name = _("Plan tasks")

    def ready(self):
        from . import live

        live.register()  # task changes on the live channel (geo_api/live/records.py)
