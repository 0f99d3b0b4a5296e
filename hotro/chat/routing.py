"""The chat's WebSocket URLs (docs/chat-protocol.md)."""

from django.urls import path

from hotro.chat.consumers import AgentConsumer, VisitorConsumer

websocket_urlpatterns = [
    path("ws/chat/visitor/", VisitorConsumer.as_asgi()),
    path("ws/chat/agent/", AgentConsumer.as_asgi()),
]
