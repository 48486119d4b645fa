from django.urls import path

from . import apis

urlpatterns = [
    path("positions/", apis.PositionsApi.as_view(), name="positions"),
    path("events/<int:event_id>/check-ins/", apis.CheckInsApi.as_view(), name="event-check-ins"),
]
