from django.urls import path

from . import desk

app_name = "plans"

urlpatterns = [
    path("plans/", desk.plan_list, name="list"),
    path("plans/import/", desk.plan_import, name="import"),
    path("plans/<int:plan_id>/", desk.plan_detail, name="detail"),
    path("plans/<int:plan_id>/export.<str:kind>", desk.plan_export, name="export"),
    path("plans/matches/<int:event_id>/", desk.event_matches, name="matches"),
    path("plans/matches/<int:event_id>/activate/", desk.event_activate, name="activate"),
]
