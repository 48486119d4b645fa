from django.urls import path

from . import apis

urlpatterns = [
    path("cases/", apis.CaseListApi.as_view(), name="case-list"),
    path("cases/<int:case_id>/", apis.CaseDetailApi.as_view(), name="case-detail"),
    path("events/<int:event_id>/replay/", apis.EventReplayApi.as_view(), name="event-replay"),
    path("plans/<int:plan_id>/evaluations/", apis.PlanEvaluationsApi.as_view(), name="plan-evaluations"),
]
