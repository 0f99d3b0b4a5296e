"""/api/v1/tickets/: list, open, read, and the ticket's actions (reply, note, assign, status, priority, transfer)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from hotro.api import idempotency, schemas
from hotro.api import tickets as service
from hotro.api.api import token_of
from hotro.api.endpoints import ERRORS
from hotro.api.schemas import (
    MAX_ID,
    AssignIn,
    ChannelName,
    MessageOut,
    NoteIn,
    OpenTicketIn,
    PriorityIn,
    PriorityName,
    ReplyIn,
    SlaOut,
    StatusIn,
    StatusName,
    TicketDetail,
    TicketOut,
    TicketPage,
    TransferIn,
)

router = Router(tags=["tickets"])
ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$"


@router.get("/", response={200: TicketPage, **ERRORS}, url_name="tickets")
def list_tickets(
    request: HttpRequest,
    status: list[StatusName] = Query([]),  # noqa: B008 (ninja's way to declare a query parameter)
    department: str | None = Query(None, max_length=50),
    assignee: str | None = Query(None, max_length=254, description="An agent's email, `me` or `none`."),
    priority: PriorityName | None = None,
    channel: ChannelName | None = None,
    requester_id: int | None = Query(None, ge=1, le=MAX_ID),
    updated_since: str | None = Query(
        None, pattern=ISO_DATETIME, description="ISO 8601, e.g. 2025-01-31T08:00:00+07:00."
    ),
    cursor: str | None = Query(None, max_length=40),
    limit: int = Query(25, ge=1, le=100),
) -> TicketPage:
    """Tickets the token may see, newest first; `tickets:read`."""
    filters = service.TicketFilters(
        status=list(status),
        department=department,
        assignee=assignee,
        priority=priority,
        channel=channel,
        requester_id=requester_id,
        updated_since=service.parse_instant(updated_since, "updated_since") if updated_since else None,
    )
    rows, next_cursor = service.list_tickets(token_of(request), filters, cursor=cursor, limit=limit)
    return TicketPage(items=[schemas.ticket_out(t) for t in rows], next_cursor=next_cursor)


@router.post("/", response={201: TicketOut, **ERRORS}, url_name="ticket_open")
def open_ticket(request: HttpRequest, data: OpenTicketIn) -> HttpResponse:
    """Open a ticket for a customer found (or created) by email or phone; `tickets:write`."""
    token = token_of(request)
    return idempotency.run(
        request, token, lambda: (201, schemas.ticket_out(service.reload(service.open_ticket(token, data))))
    )


@router.get("/{number}", response={200: TicketDetail, **ERRORS}, url_name="ticket")
def read_ticket(request: HttpRequest, number: str) -> TicketDetail:
    """The ticket with its messages; internal notes only for tokens that may read them. `tickets:read`."""
    ticket, messages = service.read_ticket(token_of(request), number)
    return schemas.ticket_detail(ticket, messages)


@router.get("/{number}/sla", response={200: SlaOut, **ERRORS}, url_name="ticket_sla")
def ticket_sla(request: HttpRequest, number: str) -> SlaOut:
    """Due times of the ticket's SLA targets, their state now, and the warnings and breaches recorded."""
    from hotro.api import directory

    return directory.sla_state(token_of(request), number)


@router.post("/{number}/replies", response={201: MessageOut, **ERRORS}, url_name="ticket_reply")
def reply(request: HttpRequest, number: str, data: ReplyIn) -> HttpResponse:
    """A public reply as the token's agent (the customer is told); `tickets:write`."""
    token = token_of(request)
    return idempotency.run(
        request,
        token,
        lambda: (201, schemas.message_out(service.reply(token, number, data.body, data.body_html, data.status))),
    )


@router.post("/{number}/notes", response={201: MessageOut, **ERRORS}, url_name="ticket_note")
def note(request: HttpRequest, number: str, data: NoteIn) -> HttpResponse:
    """An internal note (agents only, never sent to the customer); `tickets:write`."""
    token = token_of(request)
    return idempotency.run(request, token, lambda: (201, schemas.message_out(service.note(token, number, data.body))))


def _action(request: HttpRequest, change: service.Change) -> HttpResponse:
    token = token_of(request)
    return idempotency.run(request, token, lambda: (200, schemas.ticket_out(service.reload(change(token)))))


@router.post("/{number}/assign", response={200: TicketOut, **ERRORS}, url_name="ticket_assign")
def assign(request: HttpRequest, number: str, data: AssignIn) -> HttpResponse:
    """Give the ticket to an agent of its department (by email), or take it back with null; `tickets:write`."""
    return _action(request, lambda token: service.assign(token, number, data.assignee))


@router.post("/{number}/status", response={200: TicketOut, **ERRORS}, url_name="ticket_status")
def change_status(request: HttpRequest, number: str, data: StatusIn) -> HttpResponse:
    """Move the ticket to another status (the desk's state machine decides what is allowed); `tickets:write`."""
    return _action(request, lambda token: service.change_status(token, number, data.status))


@router.post("/{number}/priority", response={200: TicketOut, **ERRORS}, url_name="ticket_priority")
def change_priority(request: HttpRequest, number: str, data: PriorityIn) -> HttpResponse:
    """Set the priority; `tickets:write`."""
    return _action(request, lambda token: service.change_priority(token, number, data.priority))


@router.post("/{number}/transfer", response={200: TicketOut, **ERRORS}, url_name="ticket_transfer")
def transfer(request: HttpRequest, number: str, data: TransferIn) -> HttpResponse:
    """Hand the ticket to another department (an assignee who does not work there is released); `tickets:write`."""
    return _action(request, lambda token: service.transfer(token, number, data.department, data.category))
