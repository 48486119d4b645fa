from django.urls import path

from . import views

urlpatterns = [
    path("stats/", views.WallStatsView.as_view(), name="wall-stats"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("events/<int:event_id>/nearby/", views.EventNearbyView.as_view(), name="event-nearby"),
]
