from django.urls import path

from . import apis

urlpatterns = [
    path("events/", apis.EventsApi.as_view(), name="events"),
    path("events/duplicates/", apis.EventDuplicatesApi.as_view(), name="event-duplicates"),
    path("event-types/", apis.EventTypesApi.as_view(), name="event-types"),
    path("events/<int:event_id>/", apis.EventDetailApi.as_view(), name="event-detail"),
    path("events/<int:event_id>/reports/", apis.EventReportsApi.as_view(), name="event-reports"),
    path("events/<int:event_id>/follow-ups/", apis.EventFollowUpsApi.as_view(), name="event-follow-ups"),
    path("events/<int:event_id>/severity/", apis.EventSeverityApi.as_view(), name="event-severity"),
    path("events/<int:event_id>/upward-reports/", apis.EventUpwardReportsApi.as_view(), name="event-upward-reports"),
    path("events/<int:event_id>/attachments/<int:attachment_id>/", apis.AttachmentApi.as_view(),
         name="event-attachment"),
    path("upward-reports/<int:report_id>/submit/", apis.UpwardReportSubmitApi.as_view(), name="upward-report-submit"),
    path("events/<int:event_id>/transitions/", apis.EventTransitionsApi.as_view(), name="event-transitions"),
    path("events/<int:event_id>/transitions/<str:name>/", apis.EventTransitionApi.as_view(),
         name="event-transition"),
    path("events/<int:event_id>/timeline/", apis.EventTimelineApi.as_view(), name="event-timeline"),
]
