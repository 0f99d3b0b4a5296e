"""Live chat's domain operations (P5, P6, P15). Consumers call these and nothing else.

Each operation runs in one transaction and publishes what changed after commit
(``hotro.chat.realtime``): a frame reaches sockets only once its rows are stored, so
what a client was told is never lost. A chat that needs the desk (a ticket made from it,
an offline message) goes through ``hotro.desk.services`` like every other channel.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.accounts.services import AccountError, clean_email, get_or_create_contact
from hotro.chat import realtime
from hotro.chat.models import (
    AgentPresence,
    Author,
    ChatMessage,
    ChatStatus,
    ChatWidget,
    Conversation,
    Presence,
    Topic,
)
from hotro.core.links import absolute_url
from hotro.core.outbound.queue import queue_outbound
from hotro.desk import services as desk
from hotro.desk.models import Channel, Department, Ticket
from hotro.desk.search import normalise
from hotro.desk.services import departments
from hotro.hours.display import format_opening
from hotro.hours.services import describe_availability


class ChatError(Exception):
    """A rule said no; ``message`` is translated and safe to show, ``code`` is the protocol's."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Limits:
    message_chars: int
    messages_per_minute: int
    offline_after: int

    @classmethod
    def current(cls) -> Limits:
        return cls(
            settings.HOTRO_CHAT_MESSAGE_CHARS,
            settings.HOTRO_CHAT_MESSAGES_PER_MINUTE,
            settings.HOTRO_CHAT_OFFLINE_AFTER,
        )


# --- widgets and origins -------------------------------------------------------------------


def widget_for(key: str) -> ChatWidget | None:
    return ChatWidget.objects.filter(key=key, active=True).first()


def own_origins() -> set[str]:
    """The desk's own origins: its portal embeds the widget too."""
    return {_origin(settings.SITE_URL), _origin(settings.HOTRO_PUBLIC_URL)}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def origin_allowed(widget: ChatWidget | None, origin: str, host: str) -> bool:
    """May a page of ``origin`` open this socket? Checked at the WebSocket handshake, where browsers
    always send Origin: the desk's own pages (same origin as the socket's ``host``, or the site's
    address), and for visitors the websites their widget allows. Nothing else: a page elsewhere
    must not ride a signed-in agent's cookie (cross-site WebSocket hijacking)."""
    origin = origin.strip().rstrip("/").lower()
    if not origin:
        return False
    if urlsplit(origin).netloc == host.lower() or origin in own_origins():
        return True
    if settings.DEBUG and urlsplit(origin).hostname in ("127.0.0.1", "localhost", "::1"):
        return True  # development (make run): a test page on another local port embeds the widget
    return widget is not None and origin in widget.origins


# --- topics and hours ----------------------------------------------------------------------


def department_for(topic: str) -> Department:
    department = departments.active_by_slug(settings.HOTRO_CHAT_TOPICS.get(topic, ""))
    if department is None:
        raise ChatError(_("This topic is not available now."), field="topic")
    return department


def topics() -> list[dict[str, Any]]:
    """What the widget shows before a chat: each topic's department, open now or when it opens (P5)."""
    listed = []
    for topic in Topic:
        try:
            department = department_for(topic.value)
        except ChatError:
            continue
        available = describe_availability(department, Channel.CHAT)
        listed.append(
            {
                "key": topic.value,
                "label": str(topic.label),
                "department": str(department.label),
                "open": available.open,
                "opens_at": available.next_opening.isoformat() if available.next_opening else None,
                "opens_text": format_opening(available.next_opening) if available.next_opening else None,
                "advice": _(
                    "Technical problems are best handled by ticket: our technicians follow it until it is solved "
                    "and you get every update by email. You can still chat with us."
                )
                if topic == Topic.TECHNICAL
                else "",
            }
        )
    return listed


# --- conversations -------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_name(name: object) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ChatError(_("Tell us your name."), field="name")
    if len(name) > 100:
        raise ChatError(_("Your name is too long (100 characters at most)."), field="name")
    return name


def _clean_email(email: object, *, required: bool = False) -> str:
    email = str(email or "").strip()
    if not email:
        if required:
            raise ChatError(_("Leave your email address: the answer goes there."), field="email")
        return ""
    try:
        return clean_email(email)
    except AccountError as error:
        raise ChatError(error.message, field="email") from None


def _clean_topic(topic: object) -> str:
    if topic not in Topic.values:
        raise ChatError(_("Choose what your question is about."), field="topic")
    return str(topic)


def _clean_page(page: object) -> str:
    page = str(page or "").strip()
    return page[:500] if urlsplit(page).scheme in ("http", "https") else ""


def start(
    widget: ChatWidget | None, *, name: object, email: object, topic: object, page: object, language: str
) -> tuple[Conversation, str]:
    """A new chat waiting in its topic's department; the token is returned once, never stored."""
    name, email, topic, page = _clean_name(name), _clean_email(email), _clean_topic(topic), _clean_page(page)
    department = department_for(topic)
    available = describe_availability(department, Channel.CHAT)
    if not available.open:
        opens = format_opening(available.next_opening) if available.next_opening else _("later")
        raise ChatError(
            _("%(department)s chat is closed now; it opens %(opens)s. Leave us a message instead: it becomes a ticket.")
            % {"department": department.label, "opens": opens},
            code="closed",
            field="topic",
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        contact = get_or_create_contact(email, name=name, language=language) if email else None
        conversation = Conversation.objects.create(
            widget=widget,
            token_hash=_hash(token),
            topic=topic,
            department=department,
            visitor_name=name,
            visitor_email=email,
            contact=contact,
            language=language,
            page=page,
            search_text=f" {normalise(f'{name} {email}')} ",
        )
        agent = _least_loaded_agent(department) if settings.HOTRO_CHAT_AUTO_ASSIGN else None
        if agent is not None:
            _assign(conversation, agent)
        else:
            realtime.publish(
                realtime.department_group(department.pk), {"type": "waiting", "conversation": summary(conversation)}
            )
    return conversation, token


def by_token(token: object) -> Conversation | None:
    if not isinstance(token, str) or not token:
        return None
    return Conversation.objects.select_related("agent", "department").filter(token_hash=_hash(token)).first()


def queue_position(conversation: Conversation) -> int | None:
    """1 for the next chat to be taken in its department; None once someone took it."""
    if conversation.status != ChatStatus.WAITING:
        return None
    ahead = Conversation.objects.filter(
        department_id=conversation.department_id, status=ChatStatus.WAITING, pk__lt=conversation.pk
    )
    return ahead.count() + 1


def _queue_moved(department_id: int) -> None:
    """Every chat still waiting in the department is told its new place."""
    waiting = Conversation.objects.filter(department_id=department_id, status=ChatStatus.WAITING).order_by("pk")
    for position, pk in enumerate(waiting.values_list("pk", flat=True)[:200], start=1):
        realtime.publish_conversation(pk, {"type": "queue", "position": position})


def message_frame(message: ChatMessage) -> dict[str, Any]:
    if message.author == Author.AGENT and message.agent is not None:
        name = message.agent.display_name
    elif message.author == Author.VISITOR:
        name = message.conversation.visitor_name
    else:
        name = ""
    return {
        "id": message.pk,
        "author": message.author,
        "name": name,
        "body": message.body,
        "at": message.created_at.isoformat(),
        "client_id": message.client_id,
        "read": message.read_at is not None,
    }


def messages_after(conversation: Conversation, after: object) -> list[dict[str, Any]]:
    """Every message after ``after``, in order: a resume must leave no gap (a chat is a few hundred
    messages at most: 20 a minute per visitor, and it ends)."""
    try:
        after_id = max(0, int(after or 0))  # type: ignore[call-overload]  # anything a client sends
    except (TypeError, ValueError):
        raise ChatError(_("Resume from a message number."), field="after") from None
    rows = conversation.messages.select_related("agent", "conversation").filter(pk__gt=after_id).order_by("pk")
    return [message_frame(m) for m in rows]


def post(
    conversation: Conversation, *, author: str, body: object, client_id: object, agent: User | None = None
) -> tuple[ChatMessage, bool]:
    """Store a message (False: this client id was stored before, the same message is returned)."""
    client_id = str(client_id or "")[:64]
    if client_id:
        stored = conversation.messages.filter(client_id=client_id).select_related("agent", "conversation").first()
        if stored is not None:
            return stored, False
    text = str(body or "").strip()
    limits = Limits.current()
    if not text:
        raise ChatError(_("Write a message first."), field="body")
    if len(text) > limits.message_chars:
        raise ChatError(
            _("Your message is too long: %(count)d characters, at most %(limit)d.")
            % {"count": len(text), "limit": limits.message_chars},
            code="too_long",
            field="body",
        )
    if author == Author.VISITOR:
        recent = conversation.messages.filter(
            author=Author.VISITOR, created_at__gte=timezone.now() - timedelta(minutes=1)
        ).count()
        if recent >= limits.messages_per_minute:
            raise ChatError(_("You are sending messages too fast; wait a moment."), code="rate_limited")
    try:
        with transaction.atomic():
            locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
            if locked.status == ChatStatus.ENDED:
                raise ChatError(_("This chat has ended."), code="ended")
            first_words = (
                author == Author.VISITOR
                and locked.agent_id is None
                and not locked.messages.filter(author=Author.VISITOR).exists()
            )
            message = ChatMessage.objects.create(
                conversation=locked, author=author, agent=agent, body=text, client_id=client_id
            )
            Conversation.objects.filter(pk=locked.pk).update(
                search_text=Concat(F("search_text"), Value(normalise(text)[:2000] + " "))
            )
            message.conversation = locked
            realtime.publish_conversation(locked.pk, {"type": "message", "message": message_frame(message)})
            if first_words:
                # The waiting list shows what a chat is about: its first words, sent once to the department
                # (a frame per message to every agent would flood their sockets for nothing).
                realtime.publish(
                    realtime.department_group(locked.department_id),
                    {"type": "waiting", "conversation": summary(locked, last_message=text)},
                )
    except IntegrityError:  # the same client id, sent twice at once
        return conversation.messages.select_related("agent", "conversation").get(client_id=client_id), False
    return message, True


def _system(conversation: Conversation, text: str) -> ChatMessage:
    message = ChatMessage.objects.create(conversation=conversation, author=Author.SYSTEM, body=text)
    message.conversation = conversation
    realtime.publish_conversation(conversation.pk, {"type": "message", "message": message_frame(message)})
    return message


def mark_read(conversation: Conversation, *, reader: str, up_to: object) -> int:
    """The other side's messages up to ``up_to`` are read; they are told."""
    try:
        last = int(up_to)  # type: ignore[call-overload]  # anything a client sends
    except (TypeError, ValueError):
        raise ChatError(_("Say which message was read."), field="up_to") from None
    written_by = [Author.AGENT, Author.SYSTEM] if reader == Author.VISITOR else [Author.VISITOR]
    count = conversation.messages.filter(author__in=written_by, pk__lte=last, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        realtime.publish_conversation(conversation.pk, {"type": "read", "up_to": last, "by": reader})
    return count


def end(conversation: Conversation, *, by: str, agent: User | None = None) -> Conversation:
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if agent is not None:
            _check_agent(locked, agent)
        if locked.status == ChatStatus.ENDED:
            return locked
        was_waiting = locked.status == ChatStatus.WAITING
        locked.status, locked.ended_at = ChatStatus.ENDED, timezone.now()
        locked.save(update_fields=["status", "ended_at"])
        realtime.publish_conversation(locked.pk, {"type": "ended", "by": by})
        realtime.publish(
            realtime.department_group(locked.department_id),
            {"type": "assigned", "conversation": locked.pk, "agent": "", "agent_id": None},
        )
        if was_waiting:
            transaction.on_commit(lambda: _queue_moved(locked.department_id))
    return locked


def request_transcript(conversation: Conversation, email: object) -> str:
    """The whole chat mailed to ``email`` (the visitor asked for it) in their language."""
    address = _clean_email(email, required=True)
    queue_outbound(
        channel="email",
        to=address,
        kind="chat/transcript",
        context={"conversation": conversation},
        language=conversation.language,
        ticket=conversation.ticket,
        automatic=True,
    )
    return address


def transcript(conversation: Conversation) -> str:
    """The conversation as plain text, one message per paragraph, times in the site's zone."""
    lines = []
    for message in conversation.messages.select_related("agent").order_by("pk"):
        at = timezone.localtime(message.created_at).strftime("%H:%M")
        who = (
            message.agent.display_name
            if message.agent is not None
            else conversation.visitor_name
            if message.author == Author.VISITOR
            else "—"
        )
        lines.append(f"[{at}] {who}: {message.body}")
    return "\n\n".join(lines)


# --- offline messages ----------------------------------------------------------------------


def offline_message(
    *, name: object, email: object, topic: object, body: object, page: object, language: str
) -> tuple[Ticket, str | None]:
    """The chat is closed (or nobody answered): the message becomes a ticket, answered when the
    department opens (P5); the second value says when, or None when it is open now."""
    name, email, topic = _clean_name(name), _clean_email(email, required=True), _clean_topic(topic)
    text = str(body or "").strip()
    if not text:
        raise ChatError(_("Write your question."), field="body")
    if len(text) > settings.HOTRO_CHAT_MESSAGE_CHARS * 5:
        raise ChatError(_("Your message is too long."), code="too_long", field="body")
    department = department_for(topic)
    page = _clean_page(page)
    with transaction.atomic():
        contact = get_or_create_contact(email, name=name, language=language)
        ticket = desk.open_ticket(
            requester=contact,
            department=department,
            subject=_subject(text),
            body=text + (f"\n\n— {page}" if page else ""),
            channel=Channel.CHAT,
        )
    available = describe_availability(department, Channel.CHAT)
    return ticket, format_opening(available.next_opening) if available.next_opening else None


def _subject(text: str) -> str:
    words = " ".join(text.split())
    return (words[:80] + "…") if len(words) > 80 else words


# --- agents --------------------------------------------------------------------------------


def _check_agent(conversation: Conversation, agent: User) -> None:
    if not desk.is_agent(agent) or not desk.agent_can_work_in(agent, conversation.department):
        raise ChatError(_("This chat is not in your departments."), code="forbidden")


def conversation_for_agent(agent: User, pk: object) -> Conversation:
    """The chat with this id, if the agent works in its department; else ``unknown_conversation``."""
    try:
        conversation = Conversation.objects.select_related("department", "agent", "contact").get(pk=int(pk))  # type: ignore[call-overload]
    except (Conversation.DoesNotExist, TypeError, ValueError):
        raise ChatError(_("There is no such chat."), code="unknown_conversation") from None
    _check_agent(conversation, agent)
    return conversation


def _locked_for(agent: User, conversation: Conversation) -> Conversation:
    """The chat under its row lock, for an agent of its department, while it goes on."""
    locked = Conversation.objects.select_for_update(of=("self",)).select_related("department").get(pk=conversation.pk)
    _check_agent(locked, agent)
    if locked.status == ChatStatus.ENDED:
        raise ChatError(_("This chat has ended."), code="ended")
    return locked


def accept(conversation: Conversation, agent: User) -> Conversation:
    with transaction.atomic():
        locked = _locked_for(agent, conversation)
        if locked.agent_id is not None and locked.agent_id != agent.pk:
            raise ChatError(_("Another agent took this chat."), code="forbidden")
        if locked.agent_id != agent.pk:
            _assign(locked, agent)
    return locked


def _assign(conversation: Conversation, agent: User) -> None:
    was_waiting = conversation.status == ChatStatus.WAITING
    conversation.agent, conversation.status = agent, ChatStatus.ACTIVE
    conversation.accepted_at = conversation.accepted_at or timezone.now()
    conversation.save(update_fields=["agent", "status", "accepted_at"])
    name = agent.display_name
    with translation.override(conversation.language):
        _system(conversation, _("%(name)s joined the chat.") % {"name": name})
    realtime.publish_conversation(conversation.pk, {"type": "accepted", "agent": name})
    realtime.publish(
        realtime.department_group(conversation.department_id),
        {"type": "assigned", "conversation": conversation.pk, "agent": name, "agent_id": agent.pk},
    )
    realtime.publish(realtime.agent_group(agent.pk), {"type": "mine", "conversation": summary(conversation)})
    if was_waiting:
        department_id = conversation.department_id
        transaction.on_commit(lambda: _queue_moved(department_id))


def transfer(
    conversation: Conversation, agent: User, *, department: object = None, to_agent: object = None
) -> Conversation:
    """To another department (the chat waits there again) or straight to a named agent."""
    with transaction.atomic():
        locked = _locked_for(agent, conversation)
        if to_agent:
            target = User.objects.filter(pk=int(str(to_agent)) if str(to_agent).isdigit() else 0).first()
            if target is None or not desk.is_agent(target) or not desk.agent_can_work_in(target, locked.department):
                raise ChatError(_("That agent does not work in this department."), field="agent")
            _assign_to(locked, target)
            return locked
        target_department = departments.active_by_slug(str(department or ""))
        if target_department is None:
            raise ChatError(_("Choose a department."), field="department")
        previous = locked.department_id
        locked.department, locked.agent, locked.status = target_department, None, ChatStatus.WAITING
        locked.save(update_fields=["department", "agent", "status"])
        with translation.override(locked.language):
            _system(locked, _("Your chat was passed to %(department)s.") % {"department": target_department.label})
        realtime.publish(
            realtime.department_group(previous),
            {"type": "assigned", "conversation": locked.pk, "agent": "", "agent_id": None},
        )
        realtime.publish(
            realtime.department_group(target_department.pk), {"type": "waiting", "conversation": summary(locked)}
        )
        realtime.publish_conversation(locked.pk, {"type": "transferred", "department": str(target_department.label)})
        transaction.on_commit(lambda: _queue_moved(target_department.pk))
    return locked


def _assign_to(conversation: Conversation, agent: User) -> None:
    conversation.agent = None  # so that _assign tells everyone, even when the chat was active
    _assign(conversation, agent)


def to_ticket(conversation: Conversation, agent: User) -> Ticket:
    """P6: a technical chat goes on as a ticket in the chat's department, its transcript the first
    message, the visitor its requester; the visitor is shown the number."""
    with transaction.atomic():
        locked = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("department", "contact")
            .get(pk=conversation.pk)
        )
        _check_agent(locked, agent)
        if locked.ticket_id is not None:
            return Ticket.objects.get(pk=locked.ticket_id)
        contact = locked.contact or _visitor_contact(locked)
        first = locked.messages.filter(author=Author.VISITOR).order_by("pk").first()
        ticket = desk.open_ticket(
            requester=contact,
            department=locked.department,
            subject=_subject(first.body) if first else _("Chat with %(name)s") % {"name": locked.visitor_name},
            body=transcript(locked) or locked.visitor_name,
            channel=Channel.CHAT,
            opened_by=agent,
        )
        locked.ticket, locked.contact = ticket, contact
        locked.save(update_fields=["ticket", "contact"])
        with translation.override(locked.language):
            text = _("We opened ticket %(number)s for this; we follow it up there.") % {"number": ticket.number}
            if not contact.email:
                text += " " + _("Leave your email address in the chat so we can send you its updates.")
            _system(locked, text)
        realtime.publish_conversation(
            locked.pk, {"type": "ticket", "number": ticket.number, "url": _ticket_url(ticket)}
        )
    return ticket


def _visitor_contact(conversation: Conversation) -> Contact:
    from hotro.accounts.services import get_or_create_contact_by_visitor

    return get_or_create_contact_by_visitor(
        f"chat-{conversation.pk}", name=conversation.visitor_name, language=conversation.language
    )


def _ticket_url(ticket: Ticket) -> str:
    """The requester's own link to the ticket: a chat visitor may have no account to sign in with."""
    return absolute_url("portal:guest_ticket", desk.guest_token(ticket, ticket.requester))


def _least_loaded_agent(department: Department) -> User | None:
    """Automatic assignment: the online agent of the department with the fewest active chats,
    under the per-agent limit (``HOTRO_CHAT_MAX_PER_AGENT``)."""
    online = (
        AgentPresence.objects.filter(status=Presence.ONLINE, sockets__gt=0, agent__agent__active=True)
        .filter(Q(agent__agent__departments=department) | Q(agent__agent__role="admin"))
        .annotate(
            load=Count("agent__conversation", filter=Q(agent__conversation__status=ChatStatus.ACTIVE), distinct=True)
        )
        .filter(load__lt=settings.HOTRO_CHAT_MAX_PER_AGENT)
        .order_by("load", "updated_at")
        .select_related("agent")
    )
    first = online.first()
    return first.agent if first else None


def _department_label(conversation: Conversation) -> str:
    """From the departments every process keeps: no query per frame for a label."""
    department = departments.by_id(conversation.department_id)
    return str(department.label) if department else ""


def summary(conversation: Conversation, last_message: str = "") -> dict[str, Any]:
    return {
        "id": conversation.pk,
        "name": conversation.visitor_name,
        "email": conversation.visitor_email,
        "topic": conversation.topic,
        "topic_label": str(conversation.get_topic_display()),
        "department": str(_department_label(conversation)),
        "page": conversation.page,
        "status": conversation.status,
        "agent": conversation.agent.display_name if conversation.agent_id and conversation.agent else "",
        "started_at": conversation.created_at.isoformat(),
        "last_message": last_message[:200],
        "ticket": conversation.ticket.number if conversation.ticket_id and conversation.ticket else "",
    }


def waiting_for(agent: User) -> list[dict[str, Any]]:
    allowed = desk.agent_department_ids(agent)
    waiting = Conversation.objects.filter(status=ChatStatus.WAITING).select_related("department")
    if allowed is not None:
        waiting = waiting.filter(department_id__in=allowed)
    return [summary(c) for c in waiting.order_by("pk")[:200]]


def mine(agent: User) -> list[dict[str, Any]]:
    active = Conversation.objects.filter(agent=agent, status=ChatStatus.ACTIVE).select_related(
        "department", "agent", "ticket"
    )
    return [summary(c) for c in active.order_by("pk")]


def history_for(conversation: Conversation, agent: User) -> dict[str, Any]:
    """Beside the conversation: the visitor's earlier chats and tickets, in the agent's departments."""
    data = summary(conversation)
    contact = conversation.contact
    if contact is None:
        data["contact"] = None
        return data
    allowed = desk.agent_department_ids(agent)
    tickets = desk.tickets_for_contact(contact)
    chats = Conversation.objects.filter(contact=contact).exclude(pk=conversation.pk)
    if allowed is not None:
        tickets, chats = tickets.filter(department_id__in=allowed), chats.filter(department_id__in=allowed)
    data["contact"] = {
        "id": contact.pk,
        "name": contact.display_name,
        "email": contact.email,
        "tickets": [
            {"number": t.number, "subject": t.subject, "status": str(t.get_status_display())}
            for t in tickets.order_by("-created_at")[:10]
        ],
        "chats": [
            {"id": c.pk, "started_at": c.created_at.isoformat(), "topic": str(c.get_topic_display())}
            for c in chats.order_by("-created_at")[:10]
        ],
    }
    return data


# --- presence ------------------------------------------------------------------------------


def agent_connected(agent: User) -> str:
    presence, _created = AgentPresence.objects.get_or_create(agent=agent)
    AgentPresence.objects.filter(pk=presence.pk).update(sockets=F("sockets") + 1)
    if presence.status == Presence.OFFLINE:
        AgentPresence.objects.filter(pk=presence.pk).update(status=Presence.ONLINE)
        return Presence.ONLINE
    return presence.status


def agent_disconnected(agent_id: int) -> None:
    """The last console closed: the agent is offline (no chat is assigned to nobody's screen)."""
    AgentPresence.objects.filter(agent_id=agent_id).update(sockets=F("sockets") - 1)
    AgentPresence.objects.filter(agent_id=agent_id, sockets__lte=0).update(sockets=0, status=Presence.OFFLINE)


def set_presence(agent: User, status: object) -> str:
    if status not in Presence.values:
        raise ChatError(_("Choose online, away or offline."), field="status")
    AgentPresence.objects.update_or_create(agent=agent, defaults={"status": status})
    return str(status)
