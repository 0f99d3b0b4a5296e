"""A fresh guest link, asked for from an expired one: sent to the ticket's own address, never shown.

The holder of an expired link learns nothing from asking (not the address, not whether
anything was sent); at most one fresh link goes out per ticket and contact in
``RESEND_INTERVAL``, so the page cannot be used to flood a customer's mailbox.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache

from hotro.accounts.models import Contact
from hotro.desk.models import Ticket
from hotro.desk.services import record_audit
from hotro.notify.dispatch import contact_recipient, send

RESEND_INTERVAL = timedelta(minutes=15)


def send_fresh_guest_link(ticket: Ticket, contact: Contact) -> bool:
    """Queue the message with a new link (built when it is rendered); False when one went out lately."""
    recipient = contact_recipient(ticket, contact)
    if recipient is None:
        return False
    key = f"hotro:guest-link-resent:{ticket.pk}:{contact.pk}"
    if not cache.add(key, 1, timeout=int(RESEND_INTERVAL.total_seconds())):
        return False
    send(recipient, ticket, "desk/guest_link", {})
    record_audit("desk.ticket.guest_link_resent", ticket, contact, channel=recipient.channel)
    return True
