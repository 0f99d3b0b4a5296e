"""Which ticket a message belongs to, and which department a new one goes to.

Threading tries, in order (each a stronger signal than the next):

1. In-Reply-To / References naming one of our outgoing Message-IDs, the
   ticket's root id ``<CM-000123@HOTRO_MAIL_DOMAIN>``, or an inbound
   message already stored on a ticket;
2. the ticket token ``[CM-000123]`` anywhere in the subject;
3. a plus address ``support+CM-000123@…`` among the recipients.

Finding a ticket is not permission to write to it: ``process`` checks that
the sender is the requester or a CC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from email.utils import parseaddr

from django.conf import settings

from hotro.desk.models import Department, Message, Ticket
from hotro.mail.inbound import ParsedMail
from hotro.mail.inbound.headers import addresses
from hotro.mail.models import OutboxMessage


@dataclass(frozen=True)
class Match:
    ticket: Ticket
    how: str  # "header", "subject" or "address", for the audit trail


def _prefix() -> str:
    return re.escape(settings.HOTRO_TICKET_PREFIX)


def _subject_re() -> re.Pattern[str]:
    return re.compile(rf"\[\s*{_prefix()}-(\d{{1,12}})\s*\]", re.I)


def _plus_re() -> re.Pattern[str]:
    return re.compile(rf"^[^@+]+\+{_prefix()}-(\d{{1,12}})@", re.I)


def _root_re() -> re.Pattern[str]:
    return re.compile(rf"^<{_prefix()}-(\d{{1,12}})@{re.escape(settings.HOTRO_MAIL_DOMAIN)}>$", re.I)


def _ticket(pk: int | str | None) -> Ticket | None:
    if pk is None:
        return None
    return Ticket.objects.select_related("department", "requester").filter(pk=int(pk)).first()


def referenced_ids(parsed: ParsedMail) -> list[str]:
    """In-Reply-To first, then References from the newest back: the nearest parent wins."""
    ids: list[str] = []
    for message_id in [parsed.in_reply_to, *reversed(parsed.references)]:
        if message_id and message_id not in ids:
            ids.append(message_id[:255])
    return ids


def by_headers(ids: Iterable[str]) -> Ticket | None:
    for message_id in ids:
        root = _root_re().match(message_id)
        if root:
            found = _ticket(root.group(1))
            if found:
                return found
        outbound = OutboxMessage.objects.filter(message_id=message_id).values_list("ticket_id", flat=True).first()
        found = _ticket(outbound)
        if found:
            return found
        inbound = (
            Message.objects.filter(email_message_id=message_id).order_by("id").values_list("ticket_id", flat=True)
        ).first()
        found = _ticket(inbound)
        if found:
            return found
    return None


def cites_our_mail(parsed: ParsedMail, ticket: Ticket) -> bool:
    """Does the message answer one of our random outgoing Message-IDs for ``ticket``?

    Ticket numbers (subject tags, plus-addresses, root ids) are sequential and can be
    guessed; only a real outgoing Message-ID shows the sender received the mail.
    """
    ids = referenced_ids(parsed)
    return bool(ids) and OutboxMessage.objects.filter(ticket=ticket, message_id__in=ids).exists()


def by_subject(subject: str) -> Ticket | None:
    for number in _subject_re().findall(subject or ""):
        found = _ticket(number)
        if found:
            return found
    return None


def recipients(parsed: ParsedMail, raw_bytes: bytes) -> list[str]:
    """To, Cc, Reply-To and the envelope's Delivered-To / X-Original-To, lower-cased."""
    found = [*parsed.to, *parsed.cc]
    if parsed.reply_to:
        found.append(parsed.reply_to)
    try:
        msg = BytesHeaderParser(policy=policy.default).parsebytes(raw_bytes)
        for header in ("Delivered-To", "X-Original-To", "Envelope-To"):
            found.extend(address for _, address in addresses(msg, header))
    except Exception:  # noqa: S110 - envelope headers are a hint, not a requirement
        pass
    return list(dict.fromkeys(a.lower() for a in found if a))


def by_address(addresses_: Iterable[str]) -> Ticket | None:
    for address in addresses_:
        plus = _plus_re().match(address)
        if plus:
            found = _ticket(plus.group(1))
            if found:
                return found
    return None


def find_ticket(parsed: ParsedMail, raw_bytes: bytes) -> Match | None:
    ticket = by_headers(referenced_ids(parsed))
    if ticket is not None:
        return Match(ticket, "header")
    ticket = by_subject(parsed.subject)
    if ticket is not None:
        return Match(ticket, "subject")
    ticket = by_address(recipients(parsed, raw_bytes))
    if ticket is not None:
        return Match(ticket, "address")
    return None


def _without_plus(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def department_for(addresses_: Iterable[str], preferred: Department | None = None) -> Department | None:
    """The asked-for department, else the one whose address received the mail, else the default."""
    if preferred is not None and preferred.active:
        return preferred
    by_email = {d.email.lower(): d for d in Department.objects.filter(active=True).exclude(email="")}
    for address in addresses_:
        department = by_email.get(address) or by_email.get(_without_plus(address))
        if department is not None:
            return department
    return Department.objects.filter(slug=settings.HOTRO_MAIL_DEFAULT_DEPARTMENT, active=True).first()


def own_addresses() -> set[str]:
    """Addresses we send from; mail from them is our own, echoed back (a loop), never a ticket."""
    own = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(), parseaddr(settings.SERVER_EMAIL)[1].lower()}
    own.update(e.lower() for e in Department.objects.exclude(email="").values_list("email", flat=True))
    return {address for address in own if address}
