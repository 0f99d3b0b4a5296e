"""Console sockets for the live tests: the real ASGI application through its ASGI interface
(the chat's tests' ``WebsocketCommunicator``, which needs no Daphne)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotro.chat.tests.conftest import DESK_HOST, WebsocketCommunicator

ORIGIN = f"https://{DESK_HOST}"


def websocket_application() -> Any:
    """The WebSocket half of ``hotro.asgi``: the console's routes behind the same session middleware."""
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter

    from hotro.live.routing import websocket_urlpatterns

    return AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


async def console_socket(
    session_key: str | None, *, origin: str = ORIGIN
) -> tuple[WebsocketCommunicator, bool, int | None]:
    headers = [(b"origin", origin.encode()), (b"host", DESK_HOST.encode())]
    if session_key:
        headers.append((b"cookie", f"sessionid={session_key}".encode()))
    socket = WebsocketCommunicator(websocket_application(), "/ws/console/", headers=headers)
    connected, code = await socket.connect()
    return socket, connected, code


@pytest.fixture
def session_of(client) -> Callable[[Any], str]:
    """A session key for the user (the test client's, so several users need several calls)."""

    def login(user: Any) -> str:
        from django.test import Client

        other = Client()
        other.force_login(user)
        return other.cookies["sessionid"].value

    return login
