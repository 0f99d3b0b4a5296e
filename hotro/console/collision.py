"""Two agents never answer blind: a reply checks what arrived since its page was loaded.

The compose form carries ``seen_message``, the id of the newest message on the page when it
was rendered. A public reply is held back when a public message by someone else (the
customer, or another agent's reply) has been added since; the page comes back with those
messages and a "send anyway" button (``send_anyway``). A form without ``seen_message`` (the
API, a page from before this check) is not checked. This is a read of the desk's models.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import QueryDict

from hotro.accounts.models import User
from hotro.desk.models import AuthorKind, Message, Ticket


def newer_messages(ticket: Ticket, agent: User, posted: QueryDict) -> list[Message]:
    """Public messages by others added after ``seen_message``; empty when there are none, when the
    agent chose to send anyway, or when the form does not say what it saw. A ``seen_message`` that
    is not a number is a 400 (nothing is sent)."""
    if posted.get("send_anyway"):
        return []
    raw = posted.get("seen_message", "").strip()
    if not raw:
        return []
    try:
        seen = int(raw)
    except ValueError:
        raise BadRequest("seen_message must be a message id") from None
    return list(
        Message.objects.filter(
            ticket=ticket, pk__gt=seen, internal=False, author_kind__in=(AuthorKind.CUSTOMER, AuthorKind.AGENT)
        )
        .exclude(author_user=agent)
        .select_related("author_user", "author_contact")
        .order_by("pk")
    )
