from django.urls import path

from geo_api.live.consumers import ChangesConsumer

websocket_urlpatterns = [path("ws/changes/", ChangesConsumer.as_asgi())]
