"""Redacting a message: text that must not stay in a ticket (a password a customer pasted, a private key)
is taken out of every copy the desk keeps — the message's text and HTML part, the ticket's subject and
its search documents — in one transaction with an audit event.

The strings taken out are never written anywhere by the desk (the audit event counts them); the
``message_redacted`` event hands them to the apps that keep copies of their own (raw mail, the outbox)
so that they take them out too. Whoever redacts decides where the text goes (the vault keeps it
encrypted); the desk only forgets it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk import events, search
from hotro.desk.errors import DeskError
from hotro.desk.models import Message, Ticket
from hotro.desk.services.audit import record
from hotro.desk.services.rules import locked, require_agent

Span = tuple[int, int]
_TAG = re.compile(r"<[^>]*>")


def default_replacement() -> str:
    """What stands where the text was, in the desk's language (the thread is read by both sides)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[removed for security]")


def _texts(body: str, spans_or_text: Sequence[Span] | Sequence[str]) -> list[str]:
    """The distinct strings to take out, longest first (so a string inside another goes with it)."""
    texts: set[str] = set()
    for item in spans_or_text:
        if isinstance(item, str):
            text = item
        else:
            start, end = item
            if not 0 <= start < end <= len(body):
                raise DeskError(_("This part of the message does not exist."), code="bad_span")
            text = body[start:end]
        if text.strip():
            texts.add(text)
    if not texts:
        raise DeskError(_("Nothing to remove from this message."), code="empty")
    return sorted(texts, key=len, reverse=True)


def _replaced(value: str, texts: Sequence[str], replacement: str) -> str:
    for text in texts:
        value = value.replace(text, replacement)
    return value


def _redacted_html(body_html: str, texts: Sequence[str], replacement: str) -> str:
    """The HTML part with the texts (raw or escaped) replaced; dropped whole when a text survives in its
    words (split by tags, or spelled with entities): the plain text, already redacted, is shown instead."""
    if not body_html:
        return ""
    escaped = [form for text in texts for form in {html.escape(text), html.escape(text, quote=False), text}]
    redacted = _replaced(body_html, sorted(escaped, key=len, reverse=True), html.escape(replacement))
    words = html.unescape(_TAG.sub("", redacted))
    squeezed = " ".join(words.split())
    if any(text in words or " ".join(text.split()) in squeezed for text in texts):
        return ""
    return redacted


def redact_message(
    message: Message,
    spans_or_text: Sequence[Span] | Sequence[str],
    actor: User,
    *,
    replacement: str | None = None,
    reason: str = "",
) -> list[str]:
    """Take the given parts of ``message`` out of the desk; returns the strings taken out.

    ``spans_or_text``: ``(start, end)`` offsets in ``message.body_text`` or the strings themselves;
    every occurrence of each is replaced, in the text, the HTML part and the ticket's subject, and the
    ticket's search documents are rebuilt. Only an agent of the ticket's department may do it.
    """
    replacement = replacement if replacement is not None else default_replacement()
    with transaction.atomic():
        ticket: Ticket = locked(message.ticket)
        require_agent(ticket, actor)
        message = Message.objects.select_for_update().get(pk=message.pk)
        texts = _texts(message.body_text, spans_or_text)
        body_text = _replaced(message.body_text, texts, replacement)
        body_html = _redacted_html(message.body_html, texts, replacement)
        if body_text == message.body_text and body_html == message.body_html:
            raise DeskError(_("This text is not in the message."), code="not_found")
        message.body_text, message.body_html = body_text, body_html
        message.save(update_fields=["body_text", "body_html"])
        subject = _replaced(ticket.subject, texts, replacement)[:250]
        subject_changed = subject != ticket.subject
        if subject_changed:
            ticket.subject = subject
            ticket.save(update_fields=["subject", "updated_at"])
        search.rebuild([ticket.pk])  # both documents, from the rewritten rows
        record(
            "desk.message.redacted",
            ticket,
            actor,
            message=message.pk,
            parts=len(texts),
            subject=subject_changed,
            reason=reason,
        )
        events.message_redacted.send(sender=Message, ticket=ticket, actor=actor, message=message, texts=tuple(texts))
    return texts
