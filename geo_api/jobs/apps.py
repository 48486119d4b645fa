from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "geo_api.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from django.apps import apps

        from .periodic import sync_after_migrate

        # Schedules declared in code are written into django-celery-beat's tables once its own
        # tables exist; post_migrate is only sent for apps with models, which this one has not.
        post_migrate.connect(sync_after_migrate, sender=apps.get_app_config("django_celery_beat"))
