"""The console's one WebSocket (docs/console-protocol.md): pushes in, presence and collisions out.

An agent's console pages open ``/ws/console/`` once each. The socket follows the groups of
the agent's departments (``ticket`` frames after every desk change) and of the agent
(``notification`` frames), keeps the agent's presence alive (``beat``), and on a ticket page
tells the other agents on that ticket who is viewing or typing. It changes nothing in the
desk: every action still goes through the console's forms.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hotro.accounts.models import User
from hotro.desk.services import access_ticket_as_agent, agent_department_ids, is_agent
from hotro.desk.services import departments as desk_departments
from hotro.live.push import agent_group, department_group, remember_loop, ticket_group
from hotro.presence import services as presence
from hotro.presence.services import PresenceError

T = TypeVar("T")
REFUSED = 4403  # the handshake is refused (browsers see the connection fail)
BEAT_SECONDS = 30  # the page sends ``beat`` this often; presence counts an agent online while beats come
VIEWING_TTL = 25  # seconds a ``viewing`` holds; the page repeats it every 10 s
TYPING_TTL = 6  # seconds a ``typing`` holds; the page repeats it at most every 2 s while keys are pressed
TYPING_EVERY = 1.0  # a socket's typing frames faster than this are dropped, not relayed
MAX_FRAME = 2048  # characters: every frame of this protocol is far smaller
MAX_TICKETS = 20  # ticket groups one socket may follow (a page follows one)


def origin_allowed(origin: str, host: str) -> bool:
    """The desk's own pages only (same origin as the socket's host, or the site's address): a page
    elsewhere must not ride a signed-in agent's cookie (cross-site WebSocket hijacking)."""
    origin = origin.strip().rstrip("/").lower()
    if not origin:
        return False
    own = {_origin(settings.SITE_URL), _origin(getattr(settings, "HOTRO_PUBLIC_URL", settings.SITE_URL))}
    return urlsplit(origin).netloc == host.lower() or origin in own


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def socket_departments(user: object) -> list[int] | None:
    """The department ids whose changes this socket follows; None: not an agent (refused).
    Administrators work in every department and follow them all."""
    if not is_agent(user):
        return None
    allowed = agent_department_ids(user)
    return [d.pk for d in desk_departments.all_departments()] if allowed is None else sorted(allowed)


class ConsoleConsumer(AsyncJsonWebsocketConsumer):
    agent: User
    language = settings.LANGUAGE_CODE

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Database work in a worker thread of its own (not the one shared thread: a slow commit
        elsewhere must not hold up every console's beat)."""
        return await database_sync_to_async(function, thread_sensitive=False)(*args)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels does, without its hop to the database thread before every frame: a push to
        200 consoles must not queue 200 times for that thread; database work goes through ``call``."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- the handshake ---------------------------------------------------------------------

    async def connect(self) -> None:
        remember_loop()
        self.groups: list[str] = []
        self.tickets: dict[str, int] = {}  # number → pk of the tickets this socket may follow
        self.last_typing = 0.0
        user = self.scope.get("user")
        headers = dict(self.scope.get("headers", []))
        origin, host = headers.get(b"origin", b"").decode("latin-1"), headers.get(b"host", b"").decode("latin-1")
        departments = await self.call(socket_departments, user)
        if departments is None or not origin_allowed(origin, host):
            await self.close(code=REFUSED)
            return
        self.agent = user
        self.language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        await self.accept()
        for pk in departments:
            await self.join(department_group(pk))
        await self.join(agent_group(user.pk))
        status = await self.call(self.alive)
        await self.send_json(
            {
                "type": "hello",
                "agent": {"id": user.pk, "name": user.display_name},
                "departments": departments,
                "presence": status,
                "beat": BEAT_SECONDS,
                "viewing_ttl": VIEWING_TTL,
                "typing_ttl": TYPING_TTL,
            }
        )

    async def disconnect(self, code: int) -> None:
        for number, pk in list(getattr(self, "tickets", {}).items()):
            await self.tell_ticket(pk, {"type": "left", "ticket": number, "agent": self.who()})

    async def join(self, group: str) -> None:
        """Follow a group; Channels leaves every group in ``self.groups`` when the socket closes."""
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups.append(group)

    def alive(self) -> str:
        presence.seen(self.agent.pk)
        return presence.status_of(self.agent.pk)

    # --- frames from the page ----------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        content: Any = None
        if text_data and len(text_data) <= MAX_FRAME:
            try:
                content = json.loads(text_data)
            except ValueError:
                content = None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.error("bad_frame", gettext_noop("Send a JSON object with a type."))
            return
        handler = getattr(self, f"on_{content['type']}", None)
        if handler is None:
            await self.error("bad_frame", gettext_noop("Unknown frame type."))
            return
        await handler(content)

    async def error(self, code: str, message: str) -> None:
        """An error frame, its text (marked with ``gettext_noop``) in the agent's language."""
        with translation.override(self.language):
            text = str(_(message))
        await self.send_json({"type": "error", "code": code, "message": text})

    async def on_beat(self, content: dict[str, Any]) -> None:
        status = await self.call(self.alive)
        await self.send_json({"type": "beat", "presence": status})

    async def on_presence(self, content: dict[str, Any]) -> None:
        try:
            status = await self.call(presence.choose, self.agent.pk, str(content.get("status", "")))
        except PresenceError:
            await self.error("bad_status", gettext_noop("Choose online, away or offline."))
            return
        await self.call(presence.seen, self.agent.pk)
        await self.send_json({"type": "presence", "status": status})

    async def on_viewing(self, content: dict[str, Any]) -> None:
        number = str(content.get("ticket", ""))[:40]
        pk = await self.follow(number)
        if pk is None:
            return
        frame = {"type": "viewing", "ticket": number, "agent": self.who(), "ttl": VIEWING_TTL}
        await self.tell_ticket(pk, {**frame, "reply": bool(content.get("reply"))})

    async def on_typing(self, content: dict[str, Any]) -> None:
        number = str(content.get("ticket", ""))[:40]
        now = time.monotonic()
        if now - self.last_typing < TYPING_EVERY:
            return  # a fast typist's page is not relayed keystroke by keystroke
        pk = self.tickets.get(number) or await self.follow(number)
        if pk is None:
            return
        self.last_typing = now
        await self.tell_ticket(pk, {"type": "typing", "ticket": number, "agent": self.who(), "ttl": TYPING_TTL})

    async def on_left(self, content: dict[str, Any]) -> None:
        number = str(content.get("ticket", ""))[:40]
        pk = self.tickets.pop(number, None)
        if pk is None:
            return
        await self.tell_ticket(pk, {"type": "left", "ticket": number, "agent": self.who()})
        group = ticket_group(pk)
        await self.channel_layer.group_discard(group, self.channel_name)
        if group in self.groups:
            self.groups.remove(group)

    async def follow(self, number: str) -> int | None:
        """The ticket's pk once this agent may see it (joining its group the first time); None and an
        error frame otherwise: a ticket of another department is as unknown here as on its page."""
        if number in self.tickets:
            return self.tickets[number]
        if len(self.tickets) >= MAX_TICKETS:
            await self.error("too_many", gettext_noop("This page follows too many tickets."))
            return None
        try:
            ticket = await self.call(access_ticket_as_agent, self.agent, number)
        except Http404:
            await self.error("unknown_ticket", gettext_noop("No such ticket."))
            return None
        self.tickets[number] = ticket.pk
        await self.join(ticket_group(ticket.pk))
        return ticket.pk

    def who(self) -> dict[str, Any]:
        return {"id": self.agent.pk, "name": self.agent.display_name}

    async def tell_ticket(self, pk: int, frame: dict[str, Any]) -> None:
        await self.channel_layer.group_send(
            ticket_group(pk), {"type": "relay", "frame": frame, "sender": self.channel_name}
        )

    # --- frames from the layer ---------------------------------------------------------------

    async def relay(self, event: dict[str, Any]) -> None:
        """A frame for this socket's groups; a socket is not sent its own viewing and typing back."""
        if event.get("sender") != self.channel_name:
            await self.send_json(event["frame"])
