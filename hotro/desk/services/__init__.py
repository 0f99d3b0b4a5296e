"""Every state change of the desk, for every channel. Adapters call these and nothing else."""

from hotro.desk.errors import DeskError
from hotro.desk.services.access import (
    access_ticket_as_agent,
    access_ticket_as_contact,
    access_ticket_by_token,
    guest_token,
    tickets_for_agent,
    tickets_for_contact,
)
from hotro.desk.services.assignment import assign, claim, unassign
from hotro.desk.services.messages import add_agent_reply, add_customer_reply, add_internal_note
from hotro.desk.services.opening import open_ticket, open_ticket_with_message
from hotro.desk.services.status import (
    change_priority,
    change_status,
    close_ticket,
    reopen_ticket,
    revoke_guest_links,
    transfer_ticket,
)

__all__ = [
    "DeskError",
    "access_ticket_as_agent",
    "access_ticket_as_contact",
    "access_ticket_by_token",
    "add_agent_reply",
    "add_customer_reply",
    "add_internal_note",
    "assign",
    "change_priority",
    "change_status",
    "claim",
    "close_ticket",
    "guest_token",
    "open_ticket",
    "open_ticket_with_message",
    "reopen_ticket",
    "revoke_guest_links",
    "tickets_for_agent",
    "tickets_for_contact",
    "transfer_ticket",
    "unassign",
]
