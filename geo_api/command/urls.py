from django.urls import path

from . import apis

urlpatterns = [path("events/<int:event_id>/nearby/", apis.EventNearbyView.as_view(), name="event-nearby")]
