"""The API's shapes, in and out; the OpenAPI document is generated from these.

Output is built by the ``*_out`` functions from model rows, so the choice of what leaves the
desk (never a note for a token that may not read notes, never a search document) is made here
in plain code rather than by field lists spread over endpoints.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from hotro.accounts.models import Contact, User
from hotro.desk.models import Message, Priority, Ticket

StatusName = Literal["new", "open", "pending", "on_hold", "resolved", "closed"]
PriorityName = Literal["urgent", "high", "normal", "low"]
ChannelName = Literal["web", "email", "chat", "sms", "phone", "api"]
TEXT_MAX = 100_000  # far above any real message, below what would hurt the database


# Ids are 64-bit database keys: a larger number is a 422, never a database overflow (a 500).
MAX_ID = 2**63 - 1


class Problem(Schema):
    """RFC 9457 problem details (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldErrorOut] | None = None


class FieldErrorOut(Schema):
    field: str
    message: str
    code: str


Problem.model_rebuild()


class ContactRef(Schema):
    id: int
    name: str
    email: str
    phone: str


class AgentRef(Schema):
    id: int
    name: str
    email: str


class AttachmentOut(Schema):
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    author_kind: Literal["customer", "agent", "system"]
    author_name: str
    internal: bool
    channel: ChannelName
    body_text: str
    body_html: str
    created_at: datetime
    attachments: list[AttachmentOut]


class TicketOut(Schema):
    number: str
    subject: str
    status: StatusName
    priority: PriorityName
    department: str
    category: str | None
    channel: ChannelName
    requester: ContactRef
    assignee: AgentRef | None
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    sla_due_at: datetime | None


class TicketDetail(TicketOut):
    messages: list[MessageOut]


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last page.")


class RequesterIn(Schema):
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    name: str = Field("", max_length=200)
    language: Literal["vi", "en"] = "vi"


class OpenTicketIn(Schema):
    requester: RequesterIn | None = Field(None, description="Found by email or phone, created when new.")
    requester_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="An existing customer's id, instead of `requester`."
    )
    department: str = Field(..., max_length=50, description="Department slug (GET /departments/).")
    category: str | None = Field(None, max_length=50)
    priority: PriorityName = "normal"
    subject: str = Field(..., max_length=1000)
    body: str = Field(..., max_length=TEXT_MAX)


class ReplyIn(Schema):
    body: str = Field(..., max_length=TEXT_MAX)
    body_html: str = Field("", max_length=TEXT_MAX)
    status: StatusName | None = Field(None, description="Move the ticket to this status with the reply.")


class NoteIn(Schema):
    body: str = Field(..., max_length=TEXT_MAX)


class AssignIn(Schema):
    assignee: str | None = Field(..., max_length=254, description="The agent's email address; null unassigns.")


class StatusIn(Schema):
    status: StatusName


class PriorityIn(Schema):
    priority: PriorityName


class TransferIn(Schema):
    department: str = Field(..., max_length=50)
    category: str | None = Field(None, max_length=50)


class IdentityOut(Schema):
    kind: Literal["email", "phone", "chat"]
    value: str


class ContactOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    language: str
    organisation: str | None
    identities: list[IdentityOut]


class ContactIn(Schema):
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    name: str = Field("", max_length=200)
    language: Literal["vi", "en"] | None = None


class HoursOut(Schema):
    channel: Literal["email", "chat", "hotline"]
    open_now: bool
    next_opening: datetime | None
    next_closing: datetime | None


class DepartmentOut(Schema):
    slug: str
    name: str
    name_en: str
    active: bool
    hours: list[HoursOut]


class SlaTargetOut(Schema):
    target: Literal["first_response", "next_response", "resolution"]
    due_at: datetime | None
    warn_at: datetime | None
    state: Literal["ok", "warning", "breached", "met", "paused", "none"]


class SlaEventOut(Schema):
    target: str
    kind: Literal["warning", "breached"]
    due_at: datetime
    recorded_at: datetime


class SlaOut(Schema):
    ticket: str
    clock_started_at: datetime | None
    paused: bool
    due_at: datetime | None
    targets: list[SlaTargetOut]
    events: list[SlaEventOut]


def contact_ref(contact: Contact) -> ContactRef:
    return ContactRef(id=contact.pk, name=contact.name, email=contact.email, phone=contact.phone)


def agent_ref(user: User | None) -> AgentRef | None:
    return None if user is None else AgentRef(id=user.pk, name=user.display_name, email=user.email)


def ticket_fields(ticket: Ticket) -> dict[str, object]:
    return {
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": Priority(ticket.priority).slug,
        "department": ticket.department.slug,
        "category": ticket.category.slug if ticket.category else None,
        "channel": ticket.channel,
        "requester": contact_ref(ticket.requester),
        "assignee": agent_ref(ticket.assignee),
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "first_response_at": ticket.first_response_at,
        "resolved_at": ticket.resolved_at,
        "closed_at": ticket.closed_at,
        "sla_due_at": ticket.sla_due_at,
    }


def ticket_out(ticket: Ticket) -> TicketOut:
    return TicketOut(**ticket_fields(ticket))  # type: ignore[arg-type]


def message_out(message: Message) -> MessageOut:
    return MessageOut(
        id=message.pk,
        author_kind=message.author_kind,  # type: ignore[arg-type]
        author_name=message.author_name,
        internal=message.internal,
        channel=message.channel,  # type: ignore[arg-type]
        body_text=message.body_text,
        body_html=message.body_html,
        created_at=message.created_at,
        attachments=[
            AttachmentOut(filename=a.filename, content_type=a.content_type, size=a.size)
            for a in message.attachments.all()
        ],
    )


def ticket_detail(ticket: Ticket, messages: list[Message]) -> TicketDetail:
    return TicketDetail(**ticket_fields(ticket), messages=[message_out(m) for m in messages])  # type: ignore[arg-type]


def contact_out(contact: Contact) -> ContactOut:
    return ContactOut(
        id=contact.pk,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        language=contact.language,
        organisation=contact.organisation.name if contact.organisation else None,
        identities=[IdentityOut(kind=i.kind, value=i.value) for i in contact.identities.all()],  # type: ignore[arg-type]
    )
