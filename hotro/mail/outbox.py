"""Queue an email: render its three templates and write an outbox row in the caller's transaction.

This is the one entry point for outgoing mail in Hotro. Callers never send
directly: the row commits (or rolls back) with the change that caused it, and
delivery happens after commit, with retries (``hotro.mail.delivery``).
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation

from hotro.mail.delivery import deliver_due
from hotro.mail.models import OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from hotro.desk.models import Ticket

logger = logging.getLogger(__name__)

__all__ = ["deliver_due", "queue_mail", "ticket_root_id"]  # deliver_due: the scheduler's entry point


def ticket_root_id(ticket: Ticket) -> str:
    """The per-ticket thread root every mail about the ticket points at, so clients thread them."""
    return f"<{ticket.number}@{settings.HOTRO_MAIL_DOMAIN}>"


def new_message_id(ticket: Ticket | None) -> str:
    prefix = ticket.number if ticket is not None else "hotro"
    return f"<{prefix}.{uuid.uuid4().hex}@{settings.HOTRO_MAIL_DOMAIN}>"


def _render_text(name: str, context: dict[str, Any]) -> str:
    # Plain-text parts are not HTML: render without autoescaping so "<" and "&"
    # in a reply reach the reader as typed, whatever the template author wrote.
    template = get_template(name)
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def _render_html(name: str, context: dict[str, Any]) -> str:
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return ""  # a text-only mail is fine
    return template.render(context)


def render_mail(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject (one line), text body and HTML body of ``mail/<template>/`` in the active language."""
    subject = " ".join(_render_text(f"mail/{template}/subject.txt", context).split())
    text = _render_text(f"mail/{template}/body.txt", context).strip() + "\n"
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
    context: dict,
    language: str,
    ticket: Ticket | None = None,
    automatic: bool = True,
    reply_to_message_id: str = "",
    time_zone: str | None = None,
) -> OutboxMessage:
    """Render templates mail/<template>/subject.txt, body.txt, body.html (any app's templates dir) in `language`
    (translation.override) and write an OutboxMessage row in the caller's transaction; delivery is enqueued with it
    (a task row in the same transaction) or, with a task queue outside the database, on commit.

    ``time_zone`` (the recipient's) is active while rendering, so ``{{ some_datetime }}`` shows their clock;
    the default is the site's (Asia/Ho_Chi_Minh). The subject gets the ``[CM-000123]`` tag when a ticket is given.
    """
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    full_context = {
        **context,
        "site_url": settings.SITE_URL,
        "provider_name": settings.HOTRO_PROVIDER_NAME,
        "ticket": context.get("ticket", ticket),
        "language": language,
    }
    with translation.override(language), timezone.override(time_zone or settings.TIME_ZONE):
        subject, text, html = render_mail(template, full_context)
    if ticket is not None and f"[{ticket.number}]" not in subject:
        subject = f"[{ticket.number}] {subject}"
    message_id = new_message_id(ticket)
    message = OutboxMessage.objects.create(
        to=to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=subject[:500],
        body_text=text,
        body_html=html,
        headers=build_headers(
            message_id=message_id, ticket=ticket, automatic=automatic, reply_to_message_id=reply_to_message_id
        ),
        message_id=message_id,
        ticket=ticket,
        kind=template[:100],
        language=language,
        status=OutboxStatus.PENDING,
        next_attempt_at=timezone.now(),
    )
    if transaction.get_connection().in_atomic_block and tasks_share_the_database():
        # The task row commits or rolls back with the outbox row, as one transaction: no second
        # commit per mail, and a worker can never see the task before the row it delivers. A
        # failure here is the database's, and fails the caller's transaction like any other write.
        from hotro.mail.tasks import deliver_outbox_message

        deliver_outbox_message.enqueue(message.pk)
    else:
        transaction.on_commit(lambda: enqueue_delivery(message.pk), robust=True)
    return message


def tasks_share_the_database() -> bool:
    """Whether tasks are rows of this database (django-tasks' DatabaseBackend), written transactionally."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def enqueue_delivery(message_pk: int) -> None:
    """Hand the row to a task worker; if that fails, the periodic ``deliver_due`` picks it up anyway."""
    from hotro.mail.tasks import deliver_outbox_message

    try:
        deliver_outbox_message.enqueue(message_pk)
    except Exception:
        logger.exception("Could not enqueue delivery of outbox message %s; deliver_due will retry", message_pk)
