from django.urls import path

from . import apis

urlpatterns = [path("stats/", apis.WallStatsView.as_view(), name="wall-stats")]
