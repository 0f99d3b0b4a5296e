"""An SMS to the hotline becomes a ticket, or joins the customer's open SMS ticket (P7).

Stored first (``store_sms``: the raw request, de-duplicated by the gateway's message id),
processed second (``process_sms``), which never lets an exception escape: an SMS that
cannot be processed is ``failed`` with its error, in the console's failed list, and
``retry_sms`` runs it again.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from hotro.accounts.models import IdentityKind
from hotro.accounts.services import AccountError, add_identity, get_or_create_contact_by_phone, normalise_phone
from hotro.core import inbound
from hotro.desk import services
from hotro.desk.models import ACTIVE_STATUSES, Channel, Department, Ticket
from hotro.desk.services import departments
from hotro.phone.models import InboundSms, SmsOptOut, SmsStatus

# Opt-out and opt-in words, as Vietnamese customers and carriers write them (diacritics dropped).
STOP_WORDS = frozenset({"STOP", "HUY", "TU CHOI", "TUCHOI", "UNSUBSCRIBE"})
START_WORDS = frozenset({"START", "DANG KY", "DANGKY"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Received:
    provider: str
    provider_id: str
    from_number: str
    to_number: str
    body: str
    raw: bytes


def store_sms(item: Received) -> tuple[InboundSms, bool]:
    """Keep the SMS as received; the same gateway message again gives the stored row and False.

    NUL characters are dropped from every text field: PostgreSQL refuses them (the raw request keeps them)."""
    provider_id = item.provider_id.replace("\x00", "")[:100]
    try:
        with transaction.atomic():
            sms = InboundSms.objects.create(
                provider=item.provider,
                provider_id=provider_id,
                from_number=item.from_number.replace("\x00", "")[:20],
                to_number=item.to_number.replace("\x00", "")[:20],
                body=item.body.replace("\x00", ""),
                raw=item.raw,
                size=len(item.raw),
            )
    except IntegrityError:
        return InboundSms.objects.get(provider=item.provider, provider_id=provider_id), False
    return sms, True


def keyword(text: str) -> str:
    """The SMS as one upper-case keyword without diacritics ("Hủy" → "HUY")."""
    folded = unicodedata.normalize("NFD", text.upper().replace("Đ", "D"))
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def opted_out(number: str) -> bool:
    return SmsOptOut.objects.filter(number=number).exists()


def opt_out_reason(number: str) -> str:
    """Why no SMS may go to ``number`` ("" when it may): the outbox asks before every SMS."""
    return f"{number} asked for no more SMS (STOP)" if opted_out(number) else ""


def department_for(to_number: str) -> Department | None:
    """The department that owns the number written to: the hotline's (Sales & Accounting by default)."""
    return departments.active_by_slug(settings.HOTRO_SMS_DEPARTMENTS.get(to_number) or settings.HOTRO_SMS_DEPARTMENT)


def open_sms_ticket(contact_pk: int) -> Ticket | None:
    """The contact's most recent active SMS ticket, if it moved within ``HOTRO_SMS_THREAD_DAYS``."""
    since = timezone.now() - timedelta(days=settings.HOTRO_SMS_THREAD_DAYS)
    return (
        Ticket.objects.filter(
            requester_id=contact_pk, channel=Channel.SMS, status__in=ACTIVE_STATUSES, updated_at__gte=since
        )
        .order_by("-updated_at")
        .first()
    )


def subject_for(text: str) -> str:
    words = " ".join(text.split())
    return (words[:80] + "…") if len(words) > 80 else (words or "SMS")


def _apply(sms: InboundSms) -> None:
    number = normalise_phone(sms.from_number)
    word = keyword(sms.body)
    if word in STOP_WORDS:
        SmsOptOut.objects.get_or_create(number=number, defaults={"keyword": word})
        sms.status = SmsStatus.OPTED_OUT
        return
    if word in START_WORDS:
        SmsOptOut.objects.filter(number=number).delete()
        return
    contact = get_or_create_contact_by_phone(number)
    found = _EMAIL.search(sms.body)
    if found and not contact.email:
        # P1: updates by email from now on; someone else's address is left to an agent, who merges the two.
        with contextlib.suppress(AccountError):
            contact = add_identity(contact, IdentityKind.EMAIL, found.group(0))
    ticket = open_sms_ticket(contact.pk)
    if ticket is not None:
        message = services.add_customer_reply(ticket, contact, sms.body, channel=Channel.SMS)
    else:
        ticket, message = services.open_ticket_with_message(
            requester=contact,
            department=department_for(sms.to_number),
            subject=subject_for(sms.body),
            body=sms.body,
            channel=Channel.SMS,
        )
    sms.ticket, sms.ticket_message = ticket, message


def process_sms(pk: int, *, retry: bool = False) -> InboundSms:
    """Process one stored SMS; ``retry`` also takes a failed one. Never raises for a bad SMS."""
    return inbound.process_stored(InboundSms, pk, _apply, retry=retry)


def retry_sms(pk: int) -> InboundSms:
    return process_sms(pk, retry=True)


def process_received(limit: int = 100) -> int:
    """The scheduler's safety net: SMS stored but never processed (the process died in between)."""
    return inbound.process_received(InboundSms, process_sms, limit=limit)
