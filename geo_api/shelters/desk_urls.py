from django.urls import path

from . import desk

app_name = "shelters"

urlpatterns = [
    path("shelters/", desk.index, name="index"),
    path("shelters/plans/new/", desk.plan_new, name="plan_new"),
    path("shelters/<int:shelter_id>/", desk.detail, name="detail"),
    path("shelters/<int:shelter_id>/collect/", desk.collect, name="collect"),
    path("shelters/<int:shelter_id>/photos/", desk.photo, name="photo"),
    path("shelters/<int:shelter_id>/transitions/<str:name>/", desk.transition, name="transition"),
    path("shelters/<int:shelter_id>/evaluate/", desk.evaluate, name="evaluate"),
    path("shelters/<int:shelter_id>/rectifications/<int:task_id>/<str:name>/", desk.rectification, name="rectification"),
    path("shelters/<int:shelter_id>/open/", desk.open_in_event, name="open"),
    path("shelters/<int:shelter_id>/openings/<int:opening_id>/", desk.movement, name="movement"),
    path("shelters/<int:shelter_id>/inspect/", desk.inspect, name="inspect"),
]
