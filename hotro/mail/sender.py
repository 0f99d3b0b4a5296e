"""The email sender of the outbox: renders ``mail/<kind>/`` templates and sends over Django's mail backend."""

from __future__ import annotations

import smtplib
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from hotro.core.models import OutboundMessage
from hotro.core.outbound.senders import Rendered
from hotro.mail.outbox import build_email, build_headers, new_message_id, render_mail


class EmailSender:
    def prepare(self, message: OutboundMessage, *, automatic: bool, reply_to_message_id: str) -> None:
        """The Message-ID (a retried delivery carries the same one) and the threading headers."""
        ticket = message.ticket
        message.from_email = settings.DEFAULT_FROM_EMAIL
        message.message_id = new_message_id(ticket)
        message.headers = build_headers(
            message_id=message.message_id, ticket=ticket, automatic=automatic, reply_to_message_id=reply_to_message_id
        )

    def render(self, message: OutboundMessage, context: dict[str, Any]) -> Rendered:
        ticket = context.get("ticket", message.ticket)
        subject, text, html = render_mail(message.kind, {**context, "ticket": ticket})
        number = getattr(ticket, "number", None)
        if number and f"[{number}]" not in subject:
            subject = f"[{number}] {subject}"
        return Rendered(subject=subject, text=text, html=html)

    def session(self) -> AbstractContextManager[BaseEmailBackend]:
        return _connection()

    def send(self, message: OutboundMessage, session: BaseEmailBackend) -> str:
        try:
            build_email(message, session).send(fail_silently=False)
        except Exception:
            session.close()  # a broken session must not poison the next message; send() reopens
            raise
        return ""

    def is_transient(self, error: Exception) -> bool:
        return is_transient(error)


@contextmanager
def _connection() -> Any:
    connection = get_connection(fail_silently=False)
    try:
        yield connection
    finally:
        connection.close()


def is_transient(error: Exception) -> bool:
    """The server was unreachable or said "later" (4xx): an outage, not a verdict on this message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError))
