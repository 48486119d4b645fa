from django.urls import path

from .views import LayerListView, SearchView

urlpatterns = [
    path("layers/", LayerListView.as_view(), name="layer-list"),
    path("search/", SearchView.as_view(), name="search"),
]
