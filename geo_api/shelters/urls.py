from django.urls import path

from . import apis

urlpatterns = [
    path("shelters/<int:shelter_id>/transitions/", apis.ShelterTransitionsApi.as_view(),
         name="shelter-transitions"),
    path("shelters/<int:shelter_id>/transitions/<str:name>/", apis.ShelterTransitionApi.as_view(),
         name="shelter-transition"),
    path("shelters/<int:shelter_id>/timeline/", apis.ShelterTimelineApi.as_view(), name="shelter-timeline"),
]
