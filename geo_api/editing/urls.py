from django.urls import path

from . import views

urlpatterns = [
    path("layers/<str:layer_id>/features/", views.FeatureCreateView.as_view(), name="feature-create"),
    path("layers/<str:layer_id>/features/<int:feature_id>/", views.FeatureDetailView.as_view(),
         name="feature-detail"),
    path("layers/<str:layer_id>/features/<int:feature_id>/history/", views.FeatureHistoryView.as_view(),
         name="feature-history"),
    path("layers/<str:layer_id>/schema/", views.FormSchemaView.as_view(), name="feature-schema"),
]
