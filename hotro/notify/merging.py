"""The one message customers get when an agent merges their ticket into another (``ticket_merged``).

Sent to the merged ticket's requester and CCs (one per address, each in their own language), about the
surviving ticket, with its link: they follow that one from now on. The merged ticket's own closing sends
nothing (``receivers.on_status_changed`` skips the reason ``merged``), so they are told once.
"""

from __future__ import annotations

from typing import Any

from hotro.desk import events
from hotro.desk.models import Ticket
from hotro.notify.dispatch import contact_recipient, send


def on_ticket_merged(sender: Any, *, ticket: Ticket, actor: Any, merged: Ticket, **kwargs: Any) -> None:
    seen: set[str] = set()
    for contact in [merged.requester, *merged.ccs.select_related("user").order_by("pk")]:
        recipient = contact_recipient(ticket, contact)  # the survivor's link: they were copied on it
        if recipient is None or recipient.address in seen:
            continue
        seen.add(recipient.address)
        send(
            recipient, ticket, "desk/ticket_merged", {"merged_number": merged.number, "merged_subject": merged.subject}
        )


def connect() -> None:
    """Called from ``NotifyConfig.ready``; the dispatch uid keeps a second call harmless."""
    events.ticket_merged.connect(on_ticket_merged, dispatch_uid="hotro.notify.ticket_merged")
