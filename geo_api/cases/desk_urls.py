from django.urls import path

from . import desk

app_name = "cases"

urlpatterns = [
    path("cases/", desk.case_list, name="list"),
    path("cases/<int:case_id>/", desk.case_detail, name="detail"),
    path("cases/<int:case_id>/evaluation/", desk.case_evaluate, name="evaluate"),
    path("cases/<int:case_id>/replay/", desk.case_replay, name="replay"),
]
