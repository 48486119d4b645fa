from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "geo_api.tasks"
    label = "tasks"
    verbose_name = _("Plan tasks")
