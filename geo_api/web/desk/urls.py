from django.urls import path

from . import views

# Included by geo_api/web/urls.py inside the `web` namespace.
urlpatterns = [
    path("desk/", views.landing, name="desk"),
    path("desk/events/", views.events, name="desk_events"),
]
