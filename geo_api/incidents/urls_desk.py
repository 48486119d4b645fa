"""Desk pages of the incidents domain. Included by geo_api/urls.py at the root, before the duty
app's /duty/ include (the intake page lives under /duty/ but belongs here)."""
from django.urls import path

from . import desk

app_name = "incidents_desk"

urlpatterns = [
    path("duty/intake/", desk.intake, name="intake"),
    path("duty/intake/types/", desk.intake_types, name="intake_types"),
    path("duty/intake/duplicates/", desk.intake_duplicates, name="intake_duplicates"),
    path("duty/intake/search/", desk.intake_search, name="intake_search"),
    path("desk/events/<int:event_id>/", desk.event_detail, name="event"),
    path("desk/events/<int:event_id>/transition/", desk.event_transition, name="event_transition"),
    path("desk/events/<int:event_id>/severity/", desk.event_severity, name="event_severity"),
    path("desk/events/<int:event_id>/follow-up/", desk.event_follow_up, name="event_follow_up"),
    path("desk/events/<int:event_id>/upward-reports/", desk.upward_draft, name="upward_draft"),
    path("desk/upward-reports/<int:report_id>/submit/", desk.upward_submit, name="upward_submit"),
]
