"""Receivers of the desk's events (``hotro.desk.events``). They run inside the desk's transaction and
write small rows only (a suggestion, a flag, an incident link); replies go out from a task after commit.
"""

from __future__ import annotations

from typing import Any

from hotro.accounts.models import Contact
from hotro.catalog.models import Instance
from hotro.catalog.services.incidents import link_arriving_ticket
from hotro.catalog.services.scope import flag_if_hinted
from hotro.catalog.services.tickets import suggest_service
from hotro.desk import events
from hotro.desk.models import Channel, Message, Ticket

# Channels where the customer only writes text: there the service is guessed from it.
TEXT_CHANNELS = (Channel.EMAIL, Channel.SMS)


def on_ticket_opened(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    text = f"{ticket.subject}\n{message.body_text}"
    if ticket.channel in TEXT_CHANNELS:
        suggest_service(ticket, text)
    flag_if_hinted(ticket, text)
    link_arriving_ticket(ticket)


def on_contacts_merging(sender: Any, *, keep: Contact, other: Contact, **kwargs: Any) -> None:
    """The merged-away customer's services become the kept one's."""
    Instance.objects.filter(contact=other).update(contact=keep)


def connect() -> None:
    """Called from ``CatalogConfig.ready``; the dispatch uids keep a second call harmless."""
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid="hotro.catalog.ticket_opened")
    events.contacts_merging.connect(on_contacts_merging, dispatch_uid="hotro.catalog.contacts_merging")
