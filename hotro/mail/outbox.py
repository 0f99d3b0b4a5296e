"""Queue an email: an outbox row in the caller's transaction, rendered and sent by a worker.

This is the one entry point for outgoing mail in Hotro. Callers never send
directly: the row commits (or rolls back) with the change that caused it; the
worker renders ``mail/<template>/`` and delivers it after commit, with retries
(``hotro.core.outbound``; the email specifics are ``hotro.mail.sender``'s).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from hotro.core.models import OutboundMessage
from hotro.core.outbound import queue_outbound
from hotro.core.outbound.senders import render_text

if TYPE_CHECKING:
    from hotro.desk.models import Ticket

__all__ = ["queue_mail", "ticket_root_id"]


def ticket_root_id(ticket: Ticket) -> str:
    """The per-ticket thread root every mail about the ticket points at, so clients thread them."""
    return f"<{ticket.number}@{settings.HOTRO_MAIL_DOMAIN}>"


def new_message_id(ticket: Ticket | None) -> str:
    prefix = ticket.number if ticket is not None else "hotro"
    return f"<{prefix}.{uuid.uuid4().hex}@{settings.HOTRO_MAIL_DOMAIN}>"


def _render_html(name: str, context: dict[str, Any]) -> str:
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return ""  # a text-only mail is fine
    return template.render(context)


def render_mail(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject (one line), text body and HTML body of ``mail/<template>/`` in the active language.

    The subject and the text body are not HTML: "<" and "&" in a reply reach the reader as typed.
    """
    subject = " ".join(render_text(f"mail/{template}/subject.txt", context).split())
    text = render_text(f"mail/{template}/body.txt", context) + "\n"
    html = _render_html(f"mail/{template}/body.html", context)
    return subject, text, html


def build_headers(*, message_id: str, ticket: Ticket | None, automatic: bool, reply_to_message_id: str) -> dict:
    headers: dict[str, str] = {"Message-ID": message_id}
    references: list[str] = []
    if ticket is not None:
        references.append(ticket_root_id(ticket))
        headers["X-Hotro-Ticket"] = ticket.number
        if ticket.department.email:
            headers["Reply-To"] = ticket.department.email
    reply_to_message_id = reply_to_message_id.strip()
    if reply_to_message_id and not reply_to_message_id.startswith("<"):
        reply_to_message_id = f"<{reply_to_message_id}>"
    if reply_to_message_id and reply_to_message_id not in references:
        references.append(reply_to_message_id)
    if references:
        headers["In-Reply-To"] = references[-1]
        headers["References"] = " ".join(references)
    if automatic:
        # RFC 3834: tell auto-responders not to answer; Exchange's own switch for the same.
        headers["Auto-Submitted"] = "auto-generated"
        headers["X-Auto-Response-Suppress"] = "All"
    return headers


def queue_mail(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    ticket: Ticket | None = None,
    automatic: bool = True,
    reply_to_message_id: str = "",
    time_zone: str | None = None,
) -> OutboundMessage:
    """An email to ``to`` from templates mail/<template>/subject.txt, body.txt, body.html (any app's
    templates dir), rendered later by the worker in ``language`` and ``time_zone`` (the recipient's;
    the site's by default) so ``{{ some_datetime }}`` shows their clock.

    ``context`` is stored, not rendered: model instances by id, datetimes, plain values, and
    ``Deferred`` calls for display strings (``hotro.core.outbound.context``). The subject gets
    the ``[CM-000123]`` tag when a ticket is given; the headers thread the mail under the ticket.
    """
    return queue_outbound(
        channel="email",
        to=to,
        kind=template,
        context=context,
        language=language,
        time_zone=time_zone or "",
        ticket=ticket,
        automatic=automatic,
        reply_to_message_id=reply_to_message_id,
    )


def build_email(message: OutboundMessage, connection: BaseEmailBackend | None = None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=dict(message.headers),
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email
