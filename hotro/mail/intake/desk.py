"""Turning a planned message into desk changes, through the desk services only.

Every write goes through ``hotro.desk.services`` (tickets, replies, CCs, system notes for
bounces and withheld attachments) or ``hotro.accounts.services`` (contacts, failing addresses).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, normalise_email
from hotro.accounts.services import get_or_create_contact, mark_email_failing
from hotro.desk import services
from hotro.desk.models import Channel, Department, Message, Ticket
from hotro.mail.inbound import ParsedMail
from hotro.notify.loops import no_automatic_answers


class MailFile(ContentFile[bytes]):
    """An attachment's bytes as the desk takes an upload: a name, a size and a content type."""

    def __init__(self, content: bytes, *, name: str, content_type: str) -> None:
        super().__init__(content, name=name)
        self.content_type = content_type


@dataclass(frozen=True)
class Files:
    kept: list[MailFile]
    withheld: list[str]  # "name (size): reason" lines for agents


def attachment_files(parsed: ParsedMail) -> Files:
    """The attachments the desk accepts; the rest listed with the reason they were not kept."""
    kept: list[MailFile] = []
    withheld: list[str] = []
    for attachment in parsed.attachments:
        label = f"{attachment.filename} ({filesizeformat(attachment.size)})"
        if attachment.content is None:
            withheld.append(f"{label}: {attachment.withheld_message}")
            continue
        upload = MailFile(attachment.content, name=attachment.filename, content_type=attachment.content_type)
        try:
            services.check_attachments([upload])
        except services.DeskError as exc:
            withheld.append(f"{label}: {exc.message}")
            continue
        kept.append(upload)
    return Files(kept, withheld)


def body_for(text: str, has_files: bool) -> str:
    """A message body the desk accepts: never empty, never over the length limit (the raw mail keeps all)."""
    text = (text or "").strip()
    if not text:
        return _("(This email has no text; see the attachments.)") if has_files else _("(This email has no text.)")
    limit = settings.HOTRO_MESSAGE_MAX_CHARS
    if len(text) > limit:
        notice = "\n\n" + _("[Shortened; the full email is kept with the ticket's original messages.]")
        text = text[: limit - len(notice)] + notice
    return text


def subject_for(parsed: ParsedMail) -> str:
    subject = " ".join((parsed.subject or "").split())
    if not subject:
        return _("(no subject)")
    return subject if len(subject) <= 250 else subject[:249] + "…"


def sender_contact(parsed: ParsedMail, known: Contact | None = None) -> Contact:
    """Unknown senders become contacts (P1: the address is the identity).

    ``known`` is a contact already loaded (a ticket's requester): when it is the sender
    and there is no name to fill in, it is the contact ``get_or_create_contact`` would return.
    """
    email, name = parsed.from_email or "", parsed.from_name or ""
    if known is not None and known.email == normalise_email(email) and (known.name or not name):
        return known
    return get_or_create_contact(email, name=name)


def note_withheld(ticket: Ticket, withheld: list[str], message: Message) -> None:
    if not withheld:
        return
    text = _("Some attachments of the customer's email were not kept:") + "\n" + "\n".join(f"- {w}" for w in withheld)
    services.add_system_note(
        ticket, text, channel=Channel.EMAIL, action="mail.attachments.withheld", about=message.pk, files=withheld
    )


def note_sender_source(ticket: Ticket, parsed: ParsedMail, message: Message) -> None:
    """A mail without From is answered at its Reply-To; the agents are told where the address came from."""
    if parsed.sender_header != "Reply-To":
        return
    text = _(
        "This email had no From address; the sender %(address)s was taken from its Reply-To. "
        "Check the address before answering anything private."
    ) % {"address": parsed.from_email}
    services.add_system_note(
        ticket,
        text,
        channel=Channel.EMAIL,
        action="mail.sender.from_reply_to",
        about=message.pk,
        address=parsed.from_email,
    )


def open_from_mail(parsed: ParsedMail, department: Department | None, message_id: str) -> tuple[Ticket, Message]:
    contact = sender_contact(parsed)
    files = attachment_files(parsed)
    with no_automatic_answers(parsed.no_auto_reply_reason is not None):
        ticket, first = services.open_ticket_with_message(
            requester=contact,
            department=department,
            subject=subject_for(parsed),
            body=body_for(parsed.body_text, bool(files.kept or files.withheld)),
            channel=Channel.EMAIL,
            attachments=files.kept,
            email_message_id=message_id,
        )
    note_withheld(ticket, files.withheld, first)
    note_sender_source(ticket, parsed, first)
    return ticket, first


def append_from_mail(parsed: ParsedMail, ticket: Ticket, message_id: str, *, as_cc: bool) -> Message:
    """P4: the reply, quotes stripped (``reply_text``; the whole body when nothing is left)."""
    contact = sender_contact(parsed, known=ticket.requester)
    if as_cc:
        services.add_cc(ticket, contact, actor=contact, reason="unknown_sender")
    files = attachment_files(parsed)
    text = parsed.reply_text if parsed.reply_text.strip() else parsed.body_text
    message = services.add_customer_reply(
        ticket,
        contact,
        body_for(text, bool(files.kept or files.withheld)),
        attachments=files.kept,
        channel=Channel.EMAIL,
        email_message_id=message_id,
    )
    note_withheld(ticket, files.withheld, message)
    note_sender_source(ticket, parsed, message)
    return message


def hold_unverified(parsed: ParsedMail, ticket: Ticket, inbound_pk: int) -> Message:
    """A reply in the name of someone on the ticket whose mail failed authentication (SPF/DKIM/DMARC).

    Agents see it as an internal note, clearly marked; it is not the customer's words on the
    portal, reopens nothing and answers nothing, until an agent accepts it (``intake.held``).
    """
    text = _(
        "Unverified email, not added to the conversation: it claims to come from %(address)s, but our mail "
        "server's authentication checks failed, so it may be forged. The customer does not see it and the "
        "ticket was not reopened. If it is genuine, accept it as the customer's reply: %(url)s"
    ) % {"address": parsed.from_email, "url": reverse("mail:held_message", args=[inbound_pk])}
    quoted = (parsed.reply_text if parsed.reply_text.strip() else parsed.body_text).strip()
    if quoted:
        text += "\n\n" + _("Subject: %(subject)s") % {"subject": subject_for(parsed)} + "\n\n" + quoted
    limit = settings.HOTRO_MESSAGE_MAX_CHARS
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return services.add_system_note(
        ticket,
        text,
        channel=Channel.EMAIL,
        action="mail.unverified.held",
        inbound=inbound_pk,
        address=parsed.from_email,
    )


def record_bounce(parsed: ParsedMail, ticket: Ticket | None, bounced_to: str) -> Message | None:
    """Flag the failing address; tell the ticket's agents with an internal note. Never opens a ticket.

    Only the address our bounced mail was sent to is flagged: a report naming other recipients
    (someone who received one of our mails and forges a report about a victim) flags nobody else.
    """
    bounced_to = normalise_email(bounced_to)
    failing = [bounced_to] if bounced_to else []
    mark_email_failing(failing)
    if ticket is None:
        return None
    text = _("An email about this ticket could not be delivered to %(addresses)s.") % {
        "addresses": ", ".join(failing) or _("(unknown address)")
    }
    summary = (parsed.body_text or "").strip()[:2000]
    if summary:
        text += "\n\n" + summary
    return services.add_system_note(
        ticket, text, channel=Channel.EMAIL, action="mail.bounce.received", addresses=failing
    )
