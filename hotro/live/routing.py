"""The console's WebSocket URL (docs/console-protocol.md)."""

from django.urls import path

from hotro.live.consumers import ConsoleConsumer

websocket_urlpatterns = [
    path("ws/console/", ConsoleConsumer.as_asgi()),
]
