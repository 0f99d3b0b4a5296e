"""Receivers of the desk's events (``hotro.desk.events``). They run inside the desk's transaction and write
small rows only: a ``Detection`` when an arriving message looks like it carries a secret (by every channel:
portal, email, SMS, chat, API all go through ``open_ticket`` / ``add_*_reply``), and, when a message is
redacted, the same texts taken out of the outbox's rendered copies of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from hotro.core.models import OutboundMessage
from hotro.desk import events
from hotro.desk.models import Message, Ticket
from hotro.vault.services import flag_message


def on_ticket_opened(sender: Any, *, ticket: Ticket, message: Message, **kwargs: Any) -> None:
    flag_message(message)


def on_message_added(sender: Any, *, ticket: Ticket, message: Message, **kwargs: Any) -> None:
    flag_message(message)


def on_message_redacted(sender: Any, *, ticket: Ticket, message: Message, texts: Sequence[str], **kwargs: Any) -> None:
    """Mails already rendered from the message (a customer's reply told to the assignee) keep their words in
    the outbox: take the texts out there too. Mails not rendered yet will be rendered from the redacted
    message. What has already left (a mailbox, a phone) cannot be called back."""
    match = Q()
    for text in texts:
        match |= Q(body_text__contains=text) | Q(body_html__contains=text) | Q(subject__contains=text)
    for row in OutboundMessage.objects.filter(Q(ticket=ticket) | Q(ticket_message=message)).filter(match):
        for text in texts:
            row.subject = row.subject.replace(text, "[…]")
            row.body_text = row.body_text.replace(text, "[…]")
            row.body_html = row.body_html.replace(text, "[…]")
        row.save(update_fields=["subject", "body_text", "body_html"])


def connect() -> None:
    """Called from ``VaultConfig.ready``; the dispatch uids keep a second call harmless."""
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid="hotro.vault.ticket_opened")
    events.message_added.connect(on_message_added, dispatch_uid="hotro.vault.message_added")
    events.message_redacted.connect(on_message_redacted, dispatch_uid="hotro.vault.message_redacted")
