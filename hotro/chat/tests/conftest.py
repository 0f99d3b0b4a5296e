"""Sockets for the chat's protocol tests: the real ASGI application, driven through its ASGI interface.

Channels' own ``WebsocketCommunicator`` lives in a package that imports Daphne (a whole other
server) on import; this is the same few lines on asgiref's ``ApplicationCommunicator``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.utils import timezone

from hotro.chat.models import ChatWidget
from hotro.hours.models import HolidayOverride

SITE = "https://www.cloudmini.example"
DESK_HOST = "desk.example"


@pytest.fixture
def widget(transactional_db, provider_defaults) -> ChatWidget:
    widget, _created = ChatWidget.objects.update_or_create(
        key="default", defaults={"name": "Cloudmini website", "allowed_origins": f"{SITE}\nhttps://x.vn"}
    )
    return widget


@pytest.fixture
def sales_closed_today(sales) -> None:
    """A company day off for Sales & Accounting today: its chat is closed all day (P5)."""
    today: date = timezone.localdate()
    HolidayOverride.objects.create(date=today, name="Nghỉ", department=sales)


class WebsocketCommunicator(ApplicationCommunicator):  # type: ignore[misc]
    def __init__(self, application: Any, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        url_path, _sep, query = path.partition("?")
        scope = {
            "type": "websocket",
            "path": url_path,
            "query_string": query.encode(),
            "headers": headers,
            "subprotocols": [],
            "client": ("127.0.0.1", 50000),
            "server": ("desk.example", 443),
        }
        super().__init__(application, scope)
        self.kept: list[dict[str, Any]] = []  # frames received but not asked for yet (``until``)

    async def connect(self, timeout: float = 3) -> tuple[bool, int | None]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        return True, None

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def send_json_to(self, data: Any) -> None:
        await self.send_to(json.dumps(data))

    async def receive_json_from(self, timeout: float = 3) -> Any:
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 3) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def run(scenario: Callable[[], Awaitable[Any]]) -> Any:
    """Run an async scenario from a plain test (the consumers' database work runs in threads)."""
    return async_to_sync(scenario)()


async def visitor_socket(
    *, origin: str = SITE, widget: str = "default", lang: str = "en"
) -> tuple[WebsocketCommunicator, bool]:
    from hotro.asgi import application

    socket = WebsocketCommunicator(
        application,
        f"/ws/chat/visitor/?widget={widget}&lang={lang}",
        headers=[(b"origin", origin.encode()), (b"host", DESK_HOST.encode())],
    )
    connected, _code = await socket.connect()
    return socket, connected


async def agent_socket(session_key: str, *, origin: str = f"https://{DESK_HOST}") -> tuple[WebsocketCommunicator, bool]:
    from hotro.asgi import application

    socket = WebsocketCommunicator(
        application,
        "/ws/chat/agent/",
        headers=[
            (b"origin", origin.encode()),
            (b"host", DESK_HOST.encode()),
            (b"cookie", f"sessionid={session_key}".encode()),
        ],
    )
    connected, _code = await socket.connect()
    return socket, connected


async def until(socket: WebsocketCommunicator, frame_type: str, timeout: float = 3) -> dict[str, Any]:
    """The first frame of this type not taken yet; frames of other types are kept for later calls
    (an ``ack`` and the relayed ``message`` may come in either order)."""
    for n, frame in enumerate(socket.kept):
        if frame["type"] == frame_type:
            return socket.kept.pop(n)
    while True:
        frame = await socket.receive_json_from(timeout=timeout)
        if frame["type"] == frame_type:
            return frame
        socket.kept.append(frame)


@pytest.fixture
def session_of(client) -> Callable[[Any], str]:
    def login(user: Any) -> str:
        client.force_login(user)
        return client.cookies["sessionid"].value

    return login
