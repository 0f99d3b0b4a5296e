"""The one-click rating links of the resolution email: signed, so no sign-in is needed to follow them.

A link carries the ticket and its requester (``django.core.signing``, a salt of its own: a rating
link opens no ticket page, and a guest link rates nothing). Like guest links it carries the ticket's
guest-link generation, so revoking a ticket's leaked links stops its rating links too, and it
expires after ``HOTRO_GUEST_LINK_DAYS``. A link that is forged, tampered with, revoked or expired
is a 404: the holder learns nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404

from hotro.accounts.models import Contact
from hotro.core.links import absolute_url
from hotro.desk.models import Ticket
from hotro.satisfaction.models import Score

SALT = "hotro.satisfaction.rating-link"


def rating_token(ticket: Ticket) -> str:
    payload = {"t": ticket.pk, "c": ticket.requester_id}
    if ticket.guest_link_generation:
        payload["g"] = ticket.guest_link_generation
    return signing.dumps(payload, salt=SALT, compress=True)


def ticket_for_rating_token(token: str) -> tuple[Ticket, Contact]:
    """The ticket and requester a genuine, current link names; ``Http404`` for anything else."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.HOTRO_GUEST_LINK_DAYS * 86400)
        ticket = Ticket.objects.select_related("department", "requester", "assignee").get(pk=int(payload["t"]))
        contact_pk, generation = int(payload["c"]), int(payload.get("g", 0))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Ticket.DoesNotExist):
        raise Http404("No such rating link") from None
    if generation != ticket.guest_link_generation or contact_pk != ticket.requester_id:
        raise Http404("No such rating link")  # revoked, or the ticket changed hands
    return ticket, ticket.requester


def rating_urls(ticket: Ticket) -> dict[str, str]:
    """Absolute URLs, one per score (good, okay, bad), each opening the confirmation page with it chosen."""
    base = absolute_url("portal:rate", rating_token(ticket))
    return {score: f"{base}?score={score}" for score in Score.values}
