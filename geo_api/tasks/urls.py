from django.urls import path

from . import apis

urlpatterns = [
    path("tasks/", apis.TaskListApi.as_view(), name="task-list"),
    path("tasks/<int:task_id>/", apis.TaskDetailApi.as_view(), name="task-detail"),
    path("tasks/<int:task_id>/transitions/", apis.TaskTransitionsApi.as_view(), name="task-transitions"),
    path("tasks/<int:task_id>/reassign/", apis.TaskReassignApi.as_view(), name="task-reassign"),
]
