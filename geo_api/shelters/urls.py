from django.urls import path

from . import apis

urlpatterns = [
    path("shelters/", apis.ShelterListApi.as_view(), name="shelter-list"),
    path("shelters/capacity-by-street/", apis.CapacityByStreetApi.as_view(), name="shelter-capacity-by-street"),
    path("shelters/statistics/", apis.ShelterStatisticsApi.as_view(), name="shelter-statistics"),
    path("shelters/files/<int:file_id>/", apis.ShelterFileApi.as_view(), name="shelter-file"),
    path("shelters/inspection-plans/", apis.InspectionPlansApi.as_view(), name="shelter-inspection-plans"),
    path("shelters/<int:shelter_id>/transitions/", apis.ShelterTransitionsApi.as_view(),
         name="shelter-transitions"),
    path("shelters/<int:shelter_id>/transitions/<str:name>/", apis.ShelterTransitionApi.as_view(),
         name="shelter-transition"),
    path("shelters/<int:shelter_id>/timeline/", apis.ShelterTimelineApi.as_view(), name="shelter-timeline"),
    path("shelters/<int:shelter_id>/evaluations/", apis.ShelterEvaluationsApi.as_view(), name="shelter-evaluations"),
    path("shelters/<int:shelter_id>/collection/", apis.ShelterCollectionApi.as_view(), name="shelter-collection"),
    path("shelters/<int:shelter_id>/photos/", apis.ShelterPhotosApi.as_view(), name="shelter-photos"),
    path("shelters/<int:shelter_id>/inspections/", apis.ShelterInspectionsApi.as_view(), name="shelter-inspections"),
    path("shelter_rectifications/<int:rectification_id>/transitions/", apis.RectificationTransitionsApi.as_view(),
         name="shelter-rectification-transitions"),
    path("shelter_rectifications/<int:rectification_id>/transitions/<str:name>/",
         apis.RectificationTransitionApi.as_view(), name="shelter-rectification-transition"),
    path("shelter_rectifications/<int:rectification_id>/timeline/", apis.RectificationTimelineApi.as_view(),
         name="shelter-rectification-timeline"),
    path("events/<int:event_id>/shelters/", apis.EventSheltersApi.as_view(), name="event-shelters"),
    path("events/<int:event_id>/shelters/<int:opening_id>/movements/", apis.OpeningMovementsApi.as_view(),
         name="event-shelter-movements"),
    path("events/<int:event_id>/shelters/<int:opening_id>/close/", apis.OpeningCloseApi.as_view(),
         name="event-shelter-close"),
]
