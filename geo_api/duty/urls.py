from django.urls import path

from . import apis

# Included under /api/ by geo_api/urls.py.
urlpatterns = [
    path("duty/now/", apis.OnDutyNowApi.as_view(), name="duty-now"),
    path("duty/people/", apis.PeopleApi.as_view(), name="duty-people"),
    path("duty/templates/", apis.TemplatesApi.as_view(), name="duty-templates"),
    path("duty/rosters/", apis.RostersApi.as_view(), name="duty-rosters"),
    path("duty/rosters/<int:roster_id>/", apis.RosterApi.as_view(), name="duty-roster"),
    path("duty/rosters/<int:roster_id>/export.xlsx", apis.RosterExportApi.as_view(), name="duty-roster-export"),
    path("duty/rosters/<int:roster_id>/import/", apis.RosterImportApi.as_view(), name="duty-roster-import"),
    path("duty/shifts/<int:shift_id>/members/", apis.ShiftMembersApi.as_view(), name="duty-shift-members"),
    path("duty/shifts/<int:shift_id>/log/", apis.ShiftLogApi.as_view(), name="duty-shift-log"),
    path("duty/shifts/<int:shift_id>/handover/", apis.HandoverApi.as_view(), name="duty-shift-handover"),
    path("duty/log/<int:entry_id>/resolve/", apis.LogEntryResolveApi.as_view(), name="duty-log-resolve"),
    path("duty/swaps/", apis.SwapsApi.as_view(), name="duty-swaps"),
    path("duty/swaps/<int:swap_id>/transitions/", apis.SwapTransitionsApi.as_view(), name="duty-swap-transitions"),
    path("duty/swaps/<int:swap_id>/transitions/<str:name>/", apis.SwapTransitionApi.as_view(),
         name="duty-swap-transition"),
    path("duty/swaps/<int:swap_id>/timeline/", apis.SwapTimelineApi.as_view(), name="duty-swap-timeline"),
]
