from django.urls import path

from . import simulator_views

urlpatterns = [path("simulators/<str:feed>/", simulator_views.simulator, name="feeds-simulator")]
