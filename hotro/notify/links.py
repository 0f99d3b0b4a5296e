"""Absolute links to pages, for every message that leaves the desk: one builder, no hard-coded paths."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from hotro.accounts.models import Contact
from hotro.desk.models import Ticket
from hotro.desk.services import guest_token


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def customer_ticket_url(ticket: Ticket, contact: Contact) -> str:
    """A customer with an account follows the portal; a guest follows a signed link to this ticket.

    Built when the message is rendered, so a link revoked in the meantime is not sent.
    """
    if contact.user_id is not None:
        return absolute(reverse("portal:ticket_detail", args=[ticket.number]))
    return absolute(reverse("portal:guest_ticket", args=[guest_token(ticket, contact)]))


def agent_ticket_url(ticket: Ticket) -> str:
    return absolute(reverse("console:ticket", args=[ticket.number]))
