from django.urls import path

from .views import LayerListView

urlpatterns = [path("layers/", LayerListView.as_view(), name="layer-list")]
