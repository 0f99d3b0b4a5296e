"""What should happen to a parsed message: decided without writing anything.

``plan`` is shared by real processing and by ``mail_ingest --dry-run``, so
the dry run's answer is the answer processing would give.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from hotro.core.models import OutboundMessage
from hotro.desk.models import Department, Ticket
from hotro.desk.services import reopen_window_open
from hotro.mail.inbound import ParsedMail, dkimcheck, parse_message
from hotro.mail.inbound.authresults import FAIL, verdict
from hotro.mail.intake import matching
from hotro.mail.intake.store import db_safe

CREATED = "created"
APPENDED = "appended"
DUPLICATE = "duplicate"
IGNORED = "ignored"
BOUNCE = "bounce"
FAILED = "failed"
HELD = "held"  # a reply whose sender failed authentication: kept for agents until one accepts it


@dataclass(frozen=True)
class Plan:
    status: str
    reason: str | None = None
    ticket: Ticket | None = None
    department: Department | None = None
    add_sender_as_cc: bool = False
    bounced: OutboundMessage | None = None


def parse(raw_bytes: bytes) -> ParsedMail:
    """Parse with the settings' limits, then make every text field safe to store (see ``db_safe``)."""
    parsed = parse_message(
        raw_bytes,
        max_attachment_bytes=settings.HOTRO_ATTACHMENT_MAX_BYTES,
        max_attachments=settings.HOTRO_ATTACHMENT_MAX_COUNT,
    )

    def safe_or_none(value: str | None) -> str | None:
        return (db_safe(value) or None) if value is not None else None

    return dataclasses.replace(
        parsed,
        message_id=safe_or_none(parsed.message_id),
        in_reply_to=safe_or_none(parsed.in_reply_to),
        from_email=safe_or_none(parsed.from_email),
        from_name=safe_or_none(parsed.from_name),
        reply_to=safe_or_none(parsed.reply_to),
        invalid_sender=safe_or_none(parsed.invalid_sender),
        original_message_id=safe_or_none(parsed.original_message_id),
        references=[db_safe(r) for r in parsed.references],
        subject=db_safe(parsed.subject),
        body_text=db_safe(parsed.body_text),
        body_html=db_safe(parsed.body_html),
        reply_text=db_safe(parsed.reply_text),
        attachments=[dataclasses.replace(a, filename=db_safe(a.filename) or "file") for a in parsed.attachments],
    )


def bounced_original(parsed: ParsedMail) -> OutboundMessage | None:
    """The email of ours a delivery report is about: its Message-ID quoted in the report's
    returned message or headers part, else cited in In-Reply-To / References. None: not ours."""
    cited = [parsed.original_message_id, parsed.in_reply_to, *parsed.references]
    ids = [value[:255] for value in cited if value]
    if not ids:
        return None
    candidates = OutboundMessage.objects.select_related("ticket").filter(channel="email", message_id__in=ids)
    by_id = {outbound.message_id: outbound for outbound in candidates}
    return next((by_id[value] for value in ids if value in by_id), None)


def may_append(ticket: Ticket, address: str) -> bool:
    """Only the requester and the ticket's CCs write into a ticket by mail."""
    return ticket.requester.email.lower() == address or ticket.ccs.filter(email__iexact=address).exists()


def plan(
    parsed: ParsedMail, raw_bytes: bytes = b"", *, department: Department | None = None, exclude_pk: int | None = None
) -> Plan:
    """Classify (duplicate, bounce, loop/auto-reply), thread, and check the sender's right to append.

    ``raw_bytes`` is the message exactly as delivered, for DKIM verification (``unverified``);
    ``b""`` when it was rebuilt on the way (webhooks) and a signature could not match.
    """
    seen = matching.look_up(parsed, exclude_pk=exclude_pk)
    if seen.earlier_copy:
        earlier = matching.tickets([seen.earlier_ticket_id])
        ticket = next(iter(earlier.values()), None)
        return Plan(DUPLICATE, _("This Message-ID was already received."), ticket=ticket)
    if parsed.is_bounce:
        bounced = bounced_original(parsed)
        if bounced is None:
            # Anyone can write a delivery report: one that names no mail of ours marks nobody failing.
            return Plan(IGNORED, _("Delivery report that matches no email we sent; ignored."))
        return Plan(BOUNCE, _("Delivery report for one of our emails."), ticket=bounced.ticket, bounced=bounced)
    if parsed.is_auto_reply:
        return Plan(IGNORED, _("Automatic reply (%(why)s).") % {"why": parsed.auto_reply_reason or "?"})
    sender = (parsed.from_email or "").lower()
    if sender and sender in matching.own_addresses():
        return Plan(IGNORED, _("Sent from one of our own addresses (a mail loop)."))
    if not sender and parsed.invalid_sender:
        # Never answer a guess (part of the address may be someone else's): an agent reads it and decides.
        reason = _(
            "The sender's address is not valid (%(sender)s); nothing was answered. "
            "Read the message and contact the sender another way."
        )
        return Plan(FAILED, reason % {"sender": parsed.invalid_sender[:120]})
    if not sender:
        return Plan(FAILED, _("The message has no usable sender address."))
    recipients = matching.recipients(parsed)
    new_department = matching.department_for(recipients, department)
    found = matching.find_ticket(parsed, seen, recipients)
    if found is None:
        return Plan(CREATED, None, department=new_department)
    ticket = found.ticket
    if not reopen_window_open(ticket):
        reason = _("Ticket %(number)s is closed for good; a new ticket was opened.") % {"number": ticket.number}
        return Plan(CREATED, reason, department=ticket.department)
    if may_append(ticket, sender):
        held = unverified(parsed, raw_bytes, ticket)
        if held is not None:
            return Plan(HELD, held, ticket=ticket)
        return Plan(APPENDED, None, ticket=ticket)
    if settings.HOTRO_MAIL_UNKNOWN_SENDER_AS_CC and matching.cites_our_mail(parsed, ticket):
        reason = _("The sender was not on ticket %(number)s and was added as a CC.") % {"number": ticket.number}
        return Plan(APPENDED, reason, ticket=ticket, add_sender_as_cc=True)
    reason = _("The sender is not on ticket %(number)s; a new ticket was opened.") % {"number": ticket.number}
    return Plan(CREATED, reason, department=ticket.department)


def unverified(parsed: ParsedMail, raw_bytes: bytes, ticket: Ticket) -> str | None:
    """Why a reply in the name of someone on ``ticket`` is held, or None: it is not.

    Our MTA's trusted ``Authentication-Results`` decide when there is one. Without one, Hotro checks
    DKIM itself (``HOTRO_MAIL_VERIFY_DKIM``): an aligned signature that does not match is held like
    ``dmarc=fail``; no usable signature is held only under ``HOTRO_MAIL_REQUIRE_DKIM``; a key that DNS
    could not give us holds nothing (our resolver's trouble is not the customer's forgery).
    """
    trusted = verdict(parsed.authentication_results, settings.HOTRO_MAIL_TRUSTED_AUTHSERV_IDS)
    if trusted == FAIL:
        reason = _("The sender's address failed authentication; held on ticket %(number)s for an agent.")
        return reason % {"number": ticket.number}
    if trusted is not None or not settings.HOTRO_MAIL_VERIFY_DKIM or not raw_bytes:
        return None
    from_domain = (parsed.from_email or "").rpartition("@")[2]
    result = dkimcheck.check(raw_bytes, from_domain)
    if result.verdict == dkimcheck.FAIL:
        reason = _("The DKIM signature of %(domain)s does not match the email; held on ticket %(number)s for an agent.")
        return reason % {"domain": result.domain, "number": ticket.number}
    if result.verdict == dkimcheck.NONE and settings.HOTRO_MAIL_REQUIRE_DKIM:
        reason = _(
            "The email has no valid DKIM signature of the sender's domain; held on ticket %(number)s for an agent."
        )
        return reason % {"number": ticket.number}
    return None
