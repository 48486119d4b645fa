from django.urls import include, path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.wall, name="wall"),
    path("command/<int:event_id>/", views.command, name="command"),
    path("editor/", views.editor, name="editor"),
    path("", include("geo_api.web.desk.urls")),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
]
