from django.urls import path

from . import desk

app_name = "imports_desk"
urlpatterns = [
    path("imports/", desk.imports_page, name="index"),
]
