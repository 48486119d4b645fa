from django.urls import path

from . import apis

app_name = "warnings"
urlpatterns = [
    path("warnings/<int:warning_id>/exposure/", apis.ExposureApi.as_view(), name="exposure"),
    path("warnings/<int:warning_id>/exposure/tasks/", apis.ExposureTasksApi.as_view(), name="exposure_tasks"),
]
