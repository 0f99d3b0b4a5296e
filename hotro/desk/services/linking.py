"""Links between tickets that stay apart: related, duplicate of, parent of (``TicketLink``).

One link per pair of tickets, whichever way round; a ticket never links to itself, and parents never
form a loop (a ticket cannot be its own ancestor). Linking needs the agent to work in both tickets'
departments; unlinking, in one of them (a ticket moved away meanwhile must not leave a link nobody may
remove). Each change is in the history of both tickets.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hotro.accounts.models import User
from hotro.desk.errors import DeskError
from hotro.desk.models import LinkKind, Ticket, TicketLink
from hotro.desk.services.access import agent_can_work_in, agent_department_ids, is_agent
from hotro.desk.services.audit import record
from hotro.desk.services.rules import require_agent

MAX_DEPTH = 100  # how far up a parent chain the loop check looks; real hierarchies are a few levels


def _lock(*tickets: Ticket) -> None:
    """Both rows locked in id order: two agents linking the same pair at once write one link."""
    list(Ticket.objects.select_for_update(of=("self",)).filter(pk__in=[t.pk for t in tickets]).order_by("pk"))


def _ancestors(ticket: Ticket) -> set[int]:
    seen: set[int] = set()
    frontier = {ticket.pk}
    for _depth in range(MAX_DEPTH):
        parents = set(
            TicketLink.objects.filter(kind=LinkKind.PARENT, target_id__in=frontier).values_list("source_id", flat=True)
        )
        frontier = parents - seen
        if not frontier:
            break
        seen |= frontier
    return seen


def link_tickets(ticket: Ticket, other: Ticket, kind: str, agent: User) -> TicketLink:
    """``ticket`` <kind> ``other``: "CM-2 duplicate of CM-1", "CM-1 parent of CM-3"."""
    if kind not in LinkKind.values:
        raise DeskError(_("Unknown kind of link."), field="kind", code="unknown_kind")
    if ticket.pk == other.pk:
        raise DeskError(_("A ticket cannot be linked to itself."), field="other", code="same")
    require_agent(ticket, agent)
    require_agent(other, agent)
    with transaction.atomic():
        _lock(ticket, other)
        pair = Q(source=ticket, target=other) | Q(source=other, target=ticket)
        if TicketLink.objects.filter(pair).exists():
            raise DeskError(
                _("%(a)s and %(b)s are already linked.") % {"a": ticket.number, "b": other.number},
                field="other",
                code="exists",
            )
        if kind == LinkKind.PARENT and other.pk in _ancestors(ticket):
            raise DeskError(
                _("%(number)s is already above this ticket; a ticket cannot be its own parent.")
                % {"number": other.number},
                field="other",
                code="loop",
            )
        link = TicketLink.objects.create(source=ticket, target=other, kind=kind, created_by=agent)
        record("desk.ticket.linked", ticket, agent, other=other.pk, number=other.number, kind=kind, side="source")
        record("desk.ticket.linked", other, agent, other=ticket.pk, number=ticket.number, kind=kind, side="target")
    return link


def unlink_tickets(link: TicketLink, agent: User) -> None:
    """Remove a link; the agent works in one of the two tickets' departments at least."""
    with transaction.atomic():
        link = TicketLink.objects.select_related("source__department", "target__department").get(pk=link.pk)
        source, target = link.source, link.target
        if not is_agent(agent) or not (
            agent_can_work_in(agent, source.department) or agent_can_work_in(agent, target.department)
        ):
            raise DeskError(_("You do not work in this ticket's department."), code="forbidden")
        _lock(source, target)
        kind = link.kind
        link.delete()
        record("desk.ticket.unlinked", source, agent, other=target.pk, number=target.number, kind=kind, side="source")
        record("desk.ticket.unlinked", target, agent, other=source.pk, number=source.number, kind=kind, side="target")


# What a link says seen from either end: "Duplicate of CM-1" on CM-2, "Has duplicate CM-2" on CM-1.
_FROM_SOURCE = {k.value: k.label for k in LinkKind}
_FROM_TARGET = {
    LinkKind.RELATED.value: gettext_lazy("Related to"),
    LinkKind.DUPLICATE.value: gettext_lazy("Has duplicate"),
    LinkKind.PARENT.value: gettext_lazy("Child of"),
}


def link_label(kind: str, *, side: str) -> str:
    """How the link reads from ``side`` (``source`` or ``target``) of it."""
    table = _FROM_SOURCE if side == "source" else _FROM_TARGET
    return str(table.get(kind, kind))


@dataclass(frozen=True)
class LinkedTicket:
    """One link as a ticket page shows it; ``visible`` False: the other ticket is in a department the
    reader does not work in, so only its number is shown."""

    link_id: int
    label: str
    number: str
    subject: str
    status: str
    visible: bool


def links_of(ticket: Ticket, agent: User) -> list[LinkedTicket]:
    """The ticket's links, both ways, oldest first; one query."""
    allowed = agent_department_ids(agent)
    rows = (
        TicketLink.objects.filter(Q(source=ticket) | Q(target=ticket))
        .select_related("source", "target")
        .only(
            "kind",
            "source__subject",
            "source__status",
            "source__department_id",
            "target__subject",
            "target__status",
            "target__department_id",
        )
        .order_by("created_at", "pk")
    )
    found = []
    for link in rows:
        side = "source" if link.source_id == ticket.pk else "target"
        other = link.target if side == "source" else link.source
        visible = allowed is None or other.department_id in allowed
        found.append(
            LinkedTicket(
                link_id=link.pk,
                label=link_label(link.kind, side=side),
                number=other.number,
                subject=other.subject if visible else "",
                status=other.get_status_display() if visible else "",
                visible=visible,
            )
        )
    return found
