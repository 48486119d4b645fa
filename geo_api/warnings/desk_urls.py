from django.urls import path

from . import desk

app_name = "warnings_desk"
urlpatterns = [
    path("warnings/<int:warning_id>/exposure/", desk.exposure_page, name="exposure"),
]
