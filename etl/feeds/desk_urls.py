from django.urls import path

from . import desk

app_name = "feeds_desk"

urlpatterns = [
    path("feeds/", desk.feeds_page, name="index"),
    path("feeds/messages/<int:message_id>/replay/", desk.replay, name="replay"),
]
