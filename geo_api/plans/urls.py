from django.urls import path

from . import apis

urlpatterns = [
    path("plans/", apis.PlanListApi.as_view(), name="plan-list"),
    path("plans/import/", apis.PlanImportApi.as_view(), name="plan-import"),
    path("plans/<int:plan_id>/", apis.PlanDetailApi.as_view(), name="plan-detail"),
    path("plans/<int:plan_id>/export/", apis.PlanExportApi.as_view(), name="plan-export"),
    path("plans/<int:plan_id>/drills/", apis.PlanDrillsApi.as_view(), name="plan-drills"),
    path("plans/<int:plan_id>/attachments/", apis.PlanAttachmentsApi.as_view(), name="plan-attachments"),
    path("plans/<int:plan_id>/attachments/<int:attachment_id>/", apis.PlanAttachmentApi.as_view(),
         name="plan-attachment"),
    path("plans/<int:plan_id>/activations/", apis.PlanActivationsApi.as_view(), name="plan-activations"),
    path("events/<int:event_id>/plan-matches/", apis.EventPlanMatchesApi.as_view(), name="event-plan-matches"),
]
