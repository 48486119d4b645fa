from django.urls import path

from . import desk

app_name = "tasks"

urlpatterns = [
    path("tasks/", desk.my_tasks, name="mine"),
    path("tasks/<int:task_id>/move/", desk.move, name="move"),
]
