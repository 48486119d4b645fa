from django.urls import path

from . import apis

app_name = "imports"
urlpatterns = [
    path("imports/", apis.ImportListApi.as_view(), name="list"),
    path("imports/<int:job_id>/", apis.ImportDetailApi.as_view(), name="detail"),
    path("imports/<int:job_id>/mapping/", apis.ImportMappingApi.as_view(), name="mapping"),
    path("imports/<int:job_id>/commit/", apis.ImportCommitApi.as_view(), name="commit"),
    path("imports/<int:job_id>/cancel/", apis.ImportCancelApi.as_view(), name="cancel"),
]
