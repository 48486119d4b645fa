from django.urls import include, path

from . import basemap, streams, views

app_name = "web"

urlpatterns = [
    path("", views.wall, name="wall"),
    path("command/<int:event_id>/", views.command, name="command"),
    path("streams/<path:path>", streams.stream_file, name="stream-file"),
    path("editor/", views.editor, name="editor"),
    path("basemap/<str:name>", basemap.pmtiles_file, name="basemap_file"),
    path("", include("geo_api.web.desk.urls")),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    # Browsers ask for /favicon.ico on every page that names no icon (desk, admin, pygeoapi's).
    path("favicon.ico", views.favicon),
]
