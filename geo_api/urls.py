from django.contrib import admin
from django.urls import include, path

from ogc import views as ogc_views
from drf_spectacular.views import SpectacularAPIView

# A pool timeout raised in a middleware is a 503 too (common/overload.py).
handler500 = "geo_api.common.overload.server_error"

urlpatterns = [
    # QGIS and GDAL are given the base URL without a slash, browsers often add one.
    path("ogc", ogc_views.landing_page),
    path("ogc/", include("ogc.urls")),
    path("api/", include("layers.urls")),
    path("api/", include("geo_api.editing.urls")),
    path("api/", include("geo_api.live.urls")),
    path("api/", include("geo_api.stats.urls")),
    path("api/", include("geo_api.command.urls")),
    path("api/", include("geo_api.incidents.urls")),
    path("api/", include("geo_api.supervision.urls")),
    path("api/", include("geo_api.shelters.urls")),
    path("api/", include("geo_api.resources.urls")),
    path("api/", include("geo_api.jobs.urls")),
    path("api/", include("geo_api.plans.urls")),
    path("api/", include("geo_api.tasks.urls")),
    path("api/", include("geo_api.duty.urls")),
    path("api/", include("geo_api.responders.urls")),
    path("api/", include("geo_api.cases.urls")),
    path("api/", include("geo_api.phone.urls")),
    path("api/", include("etl.feeds.urls")),
    path("api/", include("etl.imports.urls")),
    path("api/", include("geo_api.warnings.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # /duty/intake/ and /desk/events/<id>/ belong to incidents: before the duty app's /duty/ include.
    path("", include("geo_api.incidents.urls_desk")),
    path("duty/", include("geo_api.duty.desk_urls")),
    path("", include("geo_api.plans.desk_urls")),
    path("", include("geo_api.tasks.desk_urls")),
    path("", include("geo_api.resources.desk.urls")),
    path("", include("geo_api.shelters.desk_urls")),
    path("", include("geo_api.cases.desk_urls")),
    path("", include("geo_api.phone.page_urls")),
    path("", include(("etl.feeds.desk_urls", "feeds_desk"))),
    path("", include("etl.feeds.simulator_urls")),  # 404 unless settings.ONEMAP_FEED_SIMULATORS
    path("", include("etl.imports.desk_urls")),
    path("", include("geo_api.warnings.desk_urls")),
    path("", include("geo_api.web.urls")),
]
