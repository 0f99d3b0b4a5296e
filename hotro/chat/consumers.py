"""The chat's WebSocket endpoints (docs/chat-protocol.md): they parse frames and call the services.

Every database step runs in a worker thread (``database_sync_to_async``) in the socket's
language, so a service's error reaches the client translated. Frames caused by a change
come back through the channel layer (``relay``) after commit, to every socket concerned,
on any server process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.chat import realtime, services
from hotro.chat.models import Author, ChatStatus, Conversation
from hotro.chat.services import ChatError
from hotro.core.links import absolute_url
from hotro.desk.services import DeskError, agent_department_ids, is_agent
from hotro.desk.services import departments as desk_departments

T = TypeVar("T")
REFUSED = 4403  # the handshake is refused (browsers see the connection fail)


class _ChatSocket(AsyncJsonWebsocketConsumer):
    language = settings.LANGUAGE_CODE

    async def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A service, in a worker thread, in this socket's language."""
        language = self.language

        def run() -> T:
            with translation.override(language):
                return function(*args, **kwargs)

        # Not thread-sensitive: by default every socket's database work queues for one thread per process,
        # and one slow commit delays every chat (the benchmark saw p99 relays of 1.2 s at 20 messages/s).
        # Each service call is its own transaction, so any pooled thread (and connection) may run it.
        return await database_sync_to_async(run, thread_sensitive=False)()

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels does, without its hop to the database thread before every frame (to close stale
        connections): frames that touch the database do so through ``call``, which closes them itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        try:
            content = json.loads(text_data or "")
        except ValueError:
            content = None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.error("bad_frame", self.translated(_("Send a JSON object with a type.")))
            return
        handler = getattr(self, f"on_{content['type']}", None)
        if handler is None:
            await self.error("bad_frame", self.translated(_("Unknown frame type.")))
            return
        try:
            await handler(content)
        except ChatError as error:
            await self.error(error.code, error.message, error.field)
        except DeskError as error:  # a desk rule the chat passed on (opening its ticket)
            await self.error(error.code, str(error.message), error.field)

    def translated(self, text: str) -> str:
        with translation.override(self.language):
            return str(_(text))

    async def error(self, code: str, message: str, field: str | None = None) -> None:
        frame = {"type": "error", "code": code, "message": message}
        if field:
            frame["field"] = field
        await self.send_json(frame)

    def origin_and_host(self) -> tuple[str, str]:
        headers = dict(self.scope.get("headers", []))
        return headers.get(b"origin", b"").decode("latin-1"), headers.get(b"host", b"").decode("latin-1")

    async def relay(self, event: dict[str, Any]) -> None:
        """A frame from the channel layer; a socket is not sent its own typing back."""
        if event.get("sender") != self.channel_name:
            await self.send_json(event["frame"])

    async def join(self, group: str) -> None:
        """Follow a group; Channels leaves every group in ``self.groups`` when the socket closes."""
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups.append(group)


class VisitorConsumer(_ChatSocket):
    """A visitor on a page that embeds the widget: allowed by the page's origin, one conversation."""

    conversation: Conversation | None = None

    async def connect(self) -> None:
        self.groups: list[str] = []
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.language = "en" if query.get("lang", [""])[0].startswith("en") else "vi"
        self.widget = await self.call(services.widget_for, query.get("widget", ["default"])[0])
        if not services.origin_allowed(self.widget, *self.origin_and_host()):
            await self.close(code=REFUSED)
            return
        await self.accept()
        welcome = await self.call(self.welcome)
        await self.send_json(welcome)

    def welcome(self) -> dict[str, Any]:
        limits = services.Limits.current()
        return {
            "type": "welcome",
            "topics": services.topics(),
            "limits": {"message_chars": limits.message_chars, "messages_per_minute": limits.messages_per_minute},
            "offline_after": limits.offline_after,
            "new_ticket_url": absolute_url("portal:ticket_new"),
        }

    def need_conversation(self) -> Conversation:
        if self.conversation is None:
            raise ChatError(self.translated(_("Start a chat first.")), code="no_conversation")
        return self.conversation

    async def on_start(self, content: dict[str, Any]) -> None:
        if self.conversation is not None:
            raise ChatError(self.translated(_("This chat has already started.")), code="invalid")
        conversation, token = await self.call(
            services.start,
            self.widget,
            name=content.get("name"),
            email=content.get("email"),
            topic=content.get("topic"),
            page=content.get("page"),
            language=self.language,
        )
        await self.follow(conversation)
        position = await self.call(services.queue_position, conversation)
        frame = {"type": "started", "conversation": {**self.public(conversation), "token": token}}
        await self.send_json({**frame, "queue_position": position})

    async def on_resume(self, content: dict[str, Any]) -> None:
        conversation = await self.call(services.by_token, content.get("token"))
        if conversation is None:
            raise ChatError(self.translated(_("This chat can no longer be found.")), code="unknown_conversation")
        await self.follow(conversation)
        messages = await self.call(services.messages_after, conversation, content.get("after"))
        position = await self.call(services.queue_position, conversation)
        await self.send_json(
            {
                "type": "resumed",
                "conversation": self.public(conversation),
                "messages": messages,
                "agent": conversation.agent.display_name if conversation.agent else None,
                "queue_position": position,
            }
        )

    async def follow(self, conversation: Conversation) -> None:
        self.conversation = conversation
        await self.join(realtime.conversation_group(conversation.pk))

    def public(self, conversation: Conversation) -> dict[str, Any]:
        return {
            "id": conversation.pk,
            "status": conversation.status,
            "topic": conversation.topic,
            "department": str(conversation.department.label),
        }

    async def on_message(self, content: dict[str, Any]) -> None:
        conversation = self.need_conversation()
        message, _created = await self.call(
            services.post,
            conversation,
            author=Author.VISITOR,
            body=content.get("body"),
            client_id=content.get("client_id"),
        )
        await self.send_json({"type": "ack", "client_id": message.client_id, "id": message.pk})

    async def on_typing(self, content: dict[str, Any]) -> None:
        conversation = self.need_conversation()
        frame = {"type": "typing", "who": "visitor", "name": conversation.visitor_name, "conversation": conversation.pk}
        await self.channel_layer.group_send(
            realtime.conversation_group(conversation.pk), {"type": "relay", "frame": frame, "sender": self.channel_name}
        )

    async def on_read(self, content: dict[str, Any]) -> None:
        await self.call(services.mark_read, self.need_conversation(), reader=Author.VISITOR, up_to=content.get("up_to"))

    async def on_end(self, content: dict[str, Any]) -> None:
        self.conversation = await self.call(services.end, self.need_conversation(), by="visitor")

    async def on_transcript(self, content: dict[str, Any]) -> None:
        address = await self.call(services.request_transcript, self.need_conversation(), content.get("email"))
        await self.send_json({"type": "transcript_queued", "email": address})

    async def on_offline(self, content: dict[str, Any]) -> None:
        ticket, answer_from = await self.call(
            services.offline_message,
            name=content.get("name"),
            email=content.get("email"),
            topic=content.get("topic"),
            body=content.get("body"),
            page=content.get("page"),
            language=self.language,
        )
        await self.send_json({"type": "offline_received", "ticket": ticket.number, "answer_from": answer_from})


class AgentConsumer(_ChatSocket):
    """An agent's chat console: their departments' waiting lists and the chats they follow."""

    agent: User

    async def connect(self) -> None:
        self.groups: list[str] = []
        user = self.scope.get("user")
        allowed = await self.call(self.agent_departments, user)
        if allowed is None or not services.origin_allowed(None, *self.origin_and_host()):
            await self.close(code=REFUSED)
            return
        self.agent = user
        self.language = await self.call(lambda: getattr(user, "language", "") or settings.LANGUAGE_CODE)
        await self.accept()
        for department_id in allowed:
            await self.join(realtime.department_group(department_id))
        await self.join(realtime.agent_group(user.pk))
        presence = await self.call(services.agent_connected, user)
        waiting = await self.call(services.waiting_for, user)
        mine = await self.call(services.mine, user)
        await self.send_json({"type": "state", "presence": presence, "waiting": waiting, "mine": mine})

    @staticmethod
    def agent_departments(user: object) -> list[int] | None:
        """The department ids whose chats this socket follows; None: not an agent (refused)."""
        if not is_agent(user):
            return None
        allowed = agent_department_ids(user)
        return [d.pk for d in desk_departments.all_departments()] if allowed is None else sorted(allowed)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "agent", None) is not None:
            await self.call(services.agent_disconnected, self.agent.pk)

    async def conversation(self, content: dict[str, Any]) -> Conversation:
        return await self.call(services.conversation_for_agent, self.agent, content.get("conversation"))

    async def on_presence(self, content: dict[str, Any]) -> None:
        status = await self.call(services.set_presence, self.agent, content.get("status"))
        await self.send_json({"type": "presence", "status": status})

    async def on_open(self, content: dict[str, Any]) -> None:
        conversation = await self.conversation(content)
        await self.open(conversation, content.get("after"))

    async def open(self, conversation: Conversation, after: object = 0) -> None:
        group = realtime.conversation_group(conversation.pk)
        if group not in self.groups:
            await self.join(group)
        history = await self.call(services.history_for, conversation, self.agent)
        messages = await self.call(services.messages_after, conversation, after)
        await self.send_json({"type": "history", "conversation": history, "messages": messages})

    async def on_accept(self, content: dict[str, Any]) -> None:
        conversation = await self.call(services.accept, await self.conversation(content), self.agent)
        await self.open(conversation)

    async def on_message(self, content: dict[str, Any]) -> None:
        conversation = await self.conversation(content)
        if conversation.status == ChatStatus.WAITING:
            conversation = await self.call(services.accept, conversation, self.agent)  # answering takes it
        message, _created = await self.call(
            services.post,
            conversation,
            author=Author.AGENT,
            body=content.get("body"),
            client_id=content.get("client_id"),
            agent=self.agent,
        )
        await self.send_json(
            {"type": "ack", "client_id": message.client_id, "id": message.pk, "conversation": conversation.pk}
        )

    async def on_typing(self, content: dict[str, Any]) -> None:
        conversation = await self.conversation(content)
        frame = {"type": "typing", "who": "agent", "name": self.agent.display_name, "conversation": conversation.pk}
        await self.channel_layer.group_send(
            realtime.conversation_group(conversation.pk), {"type": "relay", "frame": frame, "sender": self.channel_name}
        )

    async def on_read(self, content: dict[str, Any]) -> None:
        conversation = await self.conversation(content)
        await self.call(services.mark_read, conversation, reader=Author.AGENT, up_to=content.get("up_to"))

    async def on_transfer(self, content: dict[str, Any]) -> None:
        conversation = await self.conversation(content)
        await self.call(
            services.transfer,
            conversation,
            self.agent,
            department=content.get("department"),
            to_agent=content.get("agent"),
        )

    async def on_end(self, content: dict[str, Any]) -> None:
        await self.call(services.end, await self.conversation(content), by="agent", agent=self.agent)

    async def on_ticket(self, content: dict[str, Any]) -> None:
        await self.call(services.to_ticket, await self.conversation(content), self.agent)
