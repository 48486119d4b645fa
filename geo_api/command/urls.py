from django.urls import path

from . import apis

urlpatterns = [
    path("events/<int:event_id>/nearby/", apis.EventNearbyView.as_view(), name="event-nearby"),
    path("events/<int:event_id>/command/", apis.EventCommandView.as_view(), name="event-command"),
    path("events/<int:event_id>/board/", apis.EventBoardView.as_view(), name="event-board"),
    path("events/<int:event_id>/instructions/", apis.EventInstructionsView.as_view(), name="event-instructions"),
    path("events/<int:event_id>/cameras/", apis.EventCamerasView.as_view(), name="event-cameras"),
    path("instructions/", apis.InstructionsView.as_view(), name="instruction-list"),
    path("instructions/<int:instruction_id>/acknowledge/", apis.InstructionAcknowledgeView.as_view(),
         name="instruction-acknowledge"),
]
