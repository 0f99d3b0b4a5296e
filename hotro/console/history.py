"""A ticket's history in human words, rendered from its audit events.

Audit events store ids and slugs (they must survive renames); here they are
turned into sentences such as "Lê Kỹ Thuật assigned the ticket to Phạm Hỗ Trợ"
or "status: New → Open", with one query per kind of referenced object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hotro.accounts.models import User
from hotro.console import choices
from hotro.console.history_workflow import workflow_sentence
from hotro.desk.models import AuditEvent, Priority, Status

# Why the system assigned a ticket (``reason`` of "desk.ticket.assigned", written by hotro.routing).
ROUTING_REASONS = {
    "routing.round_robin": gettext_lazy("automatic assignment: round-robin"),
    "routing.least_load": gettext_lazy("automatic assignment: fewest open tickets"),
}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    text: str


def _actor(event: AuditEvent) -> str:
    if event.actor_user is not None:
        return event.actor_user.display_name
    if event.actor_contact is not None:
        return event.actor_contact.display_name
    return _("System")


def _label(choices: type[Status] | type[Priority], value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def describe(events: Iterable[AuditEvent]) -> list[HistoryLine]:
    """Sentences for a ticket's events, oldest first; unknown actions show their name."""
    events = list(events)
    user_ids = {
        value
        for e in events
        if e.action in ("desk.ticket.assigned", "desk.ticket.unassigned", "desk.ticket.transferred")
        for value in (e.data.get("before"), e.data.get("after"), e.data.get("released_assignee"))
        if isinstance(value, int)
    }
    users = {u.pk: u.display_name for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    departments = (
        {d.slug: d.label for d in choices.departments()}
        if any(e.action == "desk.ticket.transferred" for e in events)
        else {}
    )
    return [HistoryLine(at=e.created_at, text=_sentence(e, users, departments)) for e in events]


def _sentence(event: AuditEvent, users: dict[int, str], departments: dict[str, str]) -> str:
    actor = _actor(event)
    data: dict[str, Any] = event.data or {}
    before: Any = data.get("before")  # an id, slug or value, as the action stored it
    after: Any = data.get("after")
    match event.action:
        case "desk.ticket.opened":
            return _("%(actor)s opened the ticket") % {"actor": actor}
        case "desk.ticket.assigned" if event.actor_user_id == after:
            return _("%(actor)s took the ticket") % {"actor": actor}
        case "desk.ticket.assigned":
            text = _("%(actor)s assigned the ticket to %(agent)s") % {
                "actor": actor,
                "agent": users.get(after, _("a former agent")),
            }
            routed = ROUTING_REASONS.get(data.get("reason", ""))  # hotro.routing's automatic assignment
            return f"{text} ({routed})" if routed else text
        case "desk.ticket.category_changed":
            return _("%(actor)s changed the category") % {"actor": actor}
        case "desk.ticket.unassigned":
            return _("%(actor)s unassigned %(agent)s") % {
                "actor": actor,
                "agent": users.get(before, _("a former agent")),
            }
        case "desk.ticket.status_changed":
            return _("%(actor)s changed the status: %(before)s → %(after)s") % {
                "actor": actor,
                "before": _label(Status, before),
                "after": _label(Status, after),
            }
        case "desk.ticket.priority_changed":
            return _("%(actor)s changed the priority: %(before)s → %(after)s") % {
                "actor": actor,
                "before": _label(Priority, before),
                "after": _label(Priority, after),
            }
        case "desk.ticket.transferred":
            text = _("%(actor)s moved the ticket from %(before)s to %(after)s") % {
                "actor": actor,
                "before": departments.get(before, before),
                "after": departments.get(after, after),
            }
            released = data.get("released_assignee")
            if released:
                text += " " + _("(released %(agent)s)") % {"agent": users.get(released, _("a former agent"))}
            return text
        case "desk.ticket.guest_links_revoked":
            return _("%(actor)s revoked the guest links sent so far") % {"actor": actor}
        case "desk.ticket.guest_link_resent":
            return _("%(actor)s followed an expired guest link; a fresh one was sent") % {"actor": actor}
        case "desk.message.customer_reply":
            return _("%(actor)s replied") % {"actor": actor}
        case "desk.message.agent_reply":
            return _("%(actor)s replied to the customer") % {"actor": actor}
        case "desk.message.internal_note":
            return _("%(actor)s added an internal note") % {"actor": actor}
        case "mail.unverified.held":
            return _("An email in the name of %(address)s failed authentication and was held for an agent") % {
                "address": data.get("address") or "?"
            }
        case "mail.unverified.accepted":
            return _("An agent accepted a held email as the customer's reply")
        # The credential vault (hotro.vault): a secret's life, each reveal included; never its value.
        case "vault.secret.stored":
            return _("%(actor)s sent a secret, kept in the vault") % {"actor": actor}
        case "vault.secret.revealed":
            return _("%(actor)s revealed a secret from the vault") % {"actor": actor}
        case "vault.secret.moved":
            return _("%(actor)s moved a secret from a message into the vault") % {"actor": actor}
        case "vault.secret.destroyed":
            return _("A secret in the vault was destroyed (the ticket was closed long enough)")
        case "desk.message.redacted":
            return _("%(actor)s removed text from a message") % {"actor": actor}
    return workflow_sentence(event, actor) or f"{actor}: {event.action}"
