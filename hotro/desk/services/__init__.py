"""Every state change of the desk, for every channel. Adapters call these and nothing else."""

from hotro.desk.errors import DeskError
from hotro.desk.services.access import (
    GuestLinkExpired,
    access_ticket_as_account,
    access_ticket_as_agent,
    access_ticket_as_contact,
    access_ticket_by_token,
    agent_can_work_in,
    agent_department_ids,
    agent_departments,
    contact_can_see,
    expired_guest_link,
    guest_token,
    is_agent,
    may_download,
    tickets_for_account,
    tickets_for_agent,
    tickets_for_contact,
)
from hotro.desk.services.assignment import assign, assign_automatically, claim, unassign
from hotro.desk.services.audit import record as record_audit
from hotro.desk.services.bulk import BulkOutcome, apply_in_bulk
from hotro.desk.services.ccs import add_cc
from hotro.desk.services.contacts import merge_contacts
from hotro.desk.services.content import check_attachments
from hotro.desk.services.escalation import escalate
from hotro.desk.services.linking import LinkedTicket, link_label, link_tickets, links_of, unlink_tickets
from hotro.desk.services.merging import follow_merged, merge_tickets, merged_target_for
from hotro.desk.services.messages import add_agent_reply, add_customer_reply, add_internal_note, add_system_note
from hotro.desk.services.opening import OpeningOptions, confirm_requester, open_ticket, open_ticket_with_message
from hotro.desk.services.redaction import redact_message
from hotro.desk.services.rules import reopen_window_open
from hotro.desk.services.splitting import split_message
from hotro.desk.services.status import (
    change_category,
    change_priority,
    change_status,
    close_ticket,
    reopen_ticket,
    revoke_guest_links,
    transfer_ticket,
)
from hotro.desk.services.tags import add_tag, remove_tag, tags_of
from hotro.desk.state import allowed_targets

__all__ = [
    "BulkOutcome",
    "DeskError",
    "GuestLinkExpired",
    "LinkedTicket",
    "OpeningOptions",
    "access_ticket_as_account",
    "access_ticket_as_agent",
    "access_ticket_as_contact",
    "access_ticket_by_token",
    "add_agent_reply",
    "add_cc",
    "add_customer_reply",
    "add_internal_note",
    "add_system_note",
    "add_tag",
    "agent_can_work_in",
    "agent_department_ids",
    "agent_departments",
    "allowed_targets",
    "apply_in_bulk",
    "assign",
    "assign_automatically",
    "change_category",
    "change_priority",
    "change_status",
    "check_attachments",
    "claim",
    "close_ticket",
    "confirm_requester",
    "contact_can_see",
    "escalate",
    "expired_guest_link",
    "follow_merged",
    "guest_token",
    "is_agent",
    "link_label",
    "link_tickets",
    "links_of",
    "may_download",
    "merge_contacts",
    "merge_tickets",
    "merged_target_for",
    "open_ticket",
    "open_ticket_with_message",
    "record_audit",
    "redact_message",
    "remove_tag",
    "reopen_ticket",
    "reopen_window_open",
    "revoke_guest_links",
    "split_message",
    "tags_of",
    "tickets_for_account",
    "tickets_for_agent",
    "tickets_for_contact",
    "transfer_ticket",
    "unassign",
    "unlink_tickets",
]
