from django.urls import path

from . import apis

urlpatterns = [
    path("me/today/", apis.TodayApi.as_view(), name="me-today"),
    path("me/nearby/", apis.NearMeApi.as_view(), name="me-nearby"),
    path("me/tasks/<int:task_id>/transitions/", apis.MyTaskTransitionApi.as_view(), name="me-task-transition"),
]
