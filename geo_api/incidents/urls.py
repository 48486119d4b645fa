from django.urls import path

from . import apis

urlpatterns = [
    path("events/<int:event_id>/transitions/", apis.EventTransitionsApi.as_view(), name="event-transitions"),
    path("events/<int:event_id>/transitions/<str:name>/", apis.EventTransitionApi.as_view(),
         name="event-transition"),
    path("events/<int:event_id>/timeline/", apis.EventTimelineApi.as_view(), name="event-timeline"),
]
