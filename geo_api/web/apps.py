from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class WebConfig(AppConfig):
    name = "geo_api.web"
    label = "web"
    verbose_name = "One-Map pages"

    def ready(self):
        # STATICFILES_DIRS always lists the client's build directory; make sure it exists even
        # before the first `npm run build`, so the staticfiles checks stay quiet.
        try:
            Path(settings.BASE_DIR, "map_client", "dist").mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
