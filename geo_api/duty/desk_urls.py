from django.urls import path

from . import desk

# Included under /duty/ by geo_api/urls.py.
app_name = "duty"

urlpatterns = [
    path("", desk.index, name="index"),
    path("shifts/<int:shift_id>/log/", desk.log_add, name="log_add"),
    path("log/<int:entry_id>/resolve/", desk.log_resolve, name="log_resolve"),
    path("shifts/<int:shift_id>/handover/", desk.handover, name="handover"),
    path("rosters/", desk.rosters, name="rosters"),
    path("rosters/generate/", desk.roster_generate, name="roster_generate"),
    path("rosters/<int:roster_id>/import/", desk.roster_import, name="roster_import"),
    path("shifts/<int:shift_id>/edit/", desk.shift_edit, name="shift_edit"),
    path("swaps/", desk.swap_create, name="swap_create"),
    path("swaps/<int:swap_id>/<str:name>/", desk.swap_decide, name="swap_decide"),
]
