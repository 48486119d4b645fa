from django.urls import path

from . import apis

urlpatterns = [
    path("hazards/<int:hazard_id>/transitions/", apis.HazardTransitionsApi.as_view(), name="hazard-transitions"),
    path("hazards/<int:hazard_id>/transitions/<str:name>/", apis.HazardTransitionApi.as_view(),
         name="hazard-transition"),
    path("hazards/<int:hazard_id>/timeline/", apis.HazardTimelineApi.as_view(), name="hazard-timeline"),
]
