from django.urls import path

from . import views

app_name = "phone"

urlpatterns = [
    path("m/", views.app, name="app"),
    path("m/manifest.webmanifest", views.manifest, name="manifest"),
    path("m/sw.js", views.service_worker, name="sw"),
]
