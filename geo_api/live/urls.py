from django.urls import path

from . import apis

urlpatterns = [path("changes/", apis.ChangesView.as_view(), name="changes")]
