"""Chats on the contact page's timeline, and chats following a merge of two customer records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact
from hotro.chat.models import Conversation
from hotro.core.finders import Found
from hotro.core.timeline import Departments, Entry
from hotro.desk.search import parse_query


def chat_entries(contact: Contact, departments: Departments, limit: int) -> Iterator[Entry]:
    chats = Conversation.objects.filter(contact=contact).select_related("department", "ticket", "agent")
    if departments is not None:
        chats = chats.filter(department_id__in=departments)
    for chat in chats.order_by("-created_at", "-pk")[:limit]:
        first = chat.messages.filter(author="visitor").order_by("pk").values_list("body", flat=True).first()
        yield Entry(
            at=chat.created_at,
            kind="chat",
            label=_("Chat: %(topic)s") % {"topic": chat.get_topic_display()},
            text=first or "",
            ticket_number=chat.ticket.number if chat.ticket else "",
            department=str(chat.department.label),
            detail=f"{chat.get_status_display()}" + (f" · {chat.agent.display_name}" if chat.agent else ""),
            url=reverse("chat:transcript", args=[chat.pk]),
        )


def chats_follow_merge(sender: object, keep: Any, other: Any, **kwargs: Any) -> None:
    Conversation.objects.filter(contact=other).update(contact=keep)


def find_chats(query: str, departments: Departments, limit: int) -> list[Found]:
    """Chats whose visitor or words match, with the ticket search's rules (accents and case ignored)."""
    parsed = parse_query(query)
    if not parsed.terms:
        return []
    chats = Conversation.objects.select_related("department", "agent")
    for term in parsed.terms:
        chats = chats.filter(search_text__contains=term)
    if departments is not None:
        chats = chats.filter(department_id__in=departments)
    return [
        Found(
            at=chat.created_at,
            title=f"{chat.visitor_name} · {chat.get_topic_display()}",
            text=chat.visitor_email,
            url=reverse("chat:transcript", args=[chat.pk]),
            detail=f"{chat.department.label} · {chat.get_status_display()}",
        )
        for chat in chats.order_by("-created_at", "-pk")[:limit]
    ]
