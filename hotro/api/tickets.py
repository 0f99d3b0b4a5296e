"""Tickets through the API: reads narrowed by ``scoping``, every change through ``hotro.desk.services``.

Each function takes the token and plain input, and returns rows or raises ``ApiProblem`` /
``DeskError`` (the endpoints map both to problem details). Nothing here checks access itself:
``scoping`` asks the desk's access functions.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.accounts.services import AccountError, get_or_create_contact, get_or_create_contact_by_phone
from hotro.api import scoping
from hotro.api.models import ApiToken
from hotro.api.problems import ApiProblem, FieldError, invalid, not_found
from hotro.api.schemas import OpenTicketIn
from hotro.desk import services
from hotro.desk.models import Attachment, Category, Channel, Department, Message, Priority, Ticket

PAGE_MAX = 100


@dataclass(frozen=True)
class TicketFilters:
    status: list[str]
    department: str | None = None
    assignee: str | None = None  # an email address, "me" or "none"
    priority: str | None = None
    channel: str | None = None
    requester_id: int | None = None
    updated_since: datetime | None = None


def _cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"t{pk}".encode()).decode().rstrip("=")


def _after(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("t"):
            raise ValueError(raw)
        return int(raw[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid("cursor", _("This cursor is not one the API gave out."), "bad_cursor") from None


def parse_instant(value: str, field: str) -> datetime:
    """An ISO 8601 instant; without an offset it is read in the site's time zone (Vietnam's)."""
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise invalid(field, _("Enter a date and time in ISO 8601."), "bad_datetime")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _filtered(token: ApiToken, filters: TicketFilters) -> QuerySet[Ticket]:
    tickets = scoping.visible_tickets(token)
    if filters.status:
        tickets = tickets.filter(status__in=filters.status)
    if filters.department:
        tickets = tickets.filter(department__slug=filters.department)
    if filters.assignee == "me":
        tickets = tickets.filter(assignee=token.user)
    elif filters.assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif filters.assignee:
        tickets = tickets.filter(assignee__email=filters.assignee.strip().lower())
    if filters.priority:
        tickets = tickets.filter(priority=Priority.from_slug(filters.priority))
    if filters.channel:
        tickets = tickets.filter(channel=filters.channel)
    if filters.requester_id is not None:
        tickets = tickets.filter(requester_id=filters.requester_id)
    if filters.updated_since is not None:
        tickets = tickets.filter(updated_at__gte=filters.updated_since)
    return tickets


def list_tickets(
    token: ApiToken, filters: TicketFilters, *, cursor: str | None, limit: int
) -> tuple[list[Ticket], str | None]:
    """Newest first, keyset-paginated on the id: a page never repeats or skips a ticket while others arrive."""
    scoping.require(token, "tickets:read")
    tickets = _filtered(token, filters)
    if cursor:
        tickets = tickets.filter(pk__lt=_after(cursor))
    limit = max(1, min(limit, PAGE_MAX))
    rows = list(tickets.select_related("department", "category", "requester", "assignee").order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, _cursor(rows[-1].pk) if more and rows else None


def read_ticket(token: ApiToken, number: str) -> tuple[Ticket, list[Message]]:
    """The ticket and its thread; internal notes only for a token that may read them (``scoping``)."""
    scoping.require(token, "tickets:read")
    ticket = scoping.ticket(token, number)
    messages = ticket.messages.select_related("author_user", "author_contact").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )
    if not scoping.reads_internal_notes(token):
        messages = messages.filter(internal=False)
    return ticket, list(messages.order_by("created_at", "id"))


def _department(token: ApiToken, slug: str, *, works_there: bool = True) -> Department:
    """A department by slug; opening needs one the token works in, a transfer may hand a ticket to any."""
    department = Department.objects.filter(slug=slug).first()
    if department is None or (works_there and not scoping.may_use_department(token, department)):
        raise invalid("department", _("Unknown department, or not one this token may use."), "bad_department")
    return department


def _category(department: Department, slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(department=department, slug=slug).first()
    if category is None:
        raise invalid("category", _("This category does not belong to the chosen department."), "bad_category")
    return category


def _requester(token: ApiToken, data: OpenTicketIn) -> Contact:
    if data.requester_id is not None:
        if not token.has_scope("contacts"):
            raise ApiProblem(403, "insufficient_scope", _("Naming a customer by id needs the contacts scope."))
        contact = Contact.objects.filter(pk=data.requester_id).first()
        if contact is None:
            raise invalid("requester_id", _("No such customer."), "unknown_contact")
        return contact
    who = data.requester
    if who is None or not (who.email or who.phone):
        raise invalid("requester", _("Give the customer's email address or phone number."), "required")
    try:
        if who.email:
            return get_or_create_contact(who.email, name=who.name, phone=who.phone or "", language=who.language)
        return get_or_create_contact_by_phone(who.phone or "", name=who.name, language=who.language)
    except AccountError as error:
        field = f"requester.{error.field}" if error.field else "requester"
        raise ApiProblem(422, "validation_error", error.message, [FieldError(field, error.message)]) from None


def open_ticket(token: ApiToken, data: OpenTicketIn) -> Ticket:
    """P1 through the API: the customer by any identity, the ticket on the API channel, opened by the token's agent."""
    scoping.require(token, "tickets:write")
    department = _department(token, data.department)
    category = _category(department, data.category)
    requester = _requester(token, data)
    return services.open_ticket(
        requester=requester,
        department=department,
        subject=data.subject,
        body=data.body,
        category=category,
        priority=Priority.from_slug(data.priority),
        channel=Channel.API,
        opened_by=scoping.actor(token),
    )


def _writable(token: ApiToken, number: str) -> Ticket:
    scoping.require(token, "tickets:write")
    return scoping.ticket(token, number)


def reply(token: ApiToken, number: str, body: str, body_html: str, status: str | None) -> Message:
    ticket = _writable(token, number)
    return services.add_agent_reply(
        ticket, scoping.actor(token), body, body_html=body_html, channel=Channel.API, new_status=status
    )


def note(token: ApiToken, number: str, body: str) -> Message:
    return services.add_internal_note(_writable(token, number), scoping.actor(token), body)


def assign(token: ApiToken, number: str, assignee: str | None) -> Ticket:
    ticket = _writable(token, number)
    if assignee is None:
        return services.unassign(ticket, scoping.actor(token))
    user = User.objects.filter(email=assignee.strip().lower()).first()
    if user is None:
        raise invalid("assignee", _("No agent has this email address."), "unknown_agent")
    return services.assign(ticket, user, scoping.actor(token))


def change_status(token: ApiToken, number: str, status: str) -> Ticket:
    return services.change_status(_writable(token, number), status, scoping.actor(token))


def change_priority(token: ApiToken, number: str, priority: str) -> Ticket:
    return services.change_priority(_writable(token, number), Priority.from_slug(priority), scoping.actor(token))


def transfer(token: ApiToken, number: str, department_slug: str, category_slug: str | None) -> Ticket:
    ticket = _writable(token, number)
    department = _department(token, department_slug, works_there=False)
    return services.transfer_ticket(
        ticket, department, scoping.actor(token), category=_category(department, category_slug)
    )


def reload(ticket: Ticket) -> Ticket:
    """The ticket as it is now, with what its representation needs (a service returns it half-loaded)."""
    found = (
        Ticket.objects.select_related("department", "category", "requester", "assignee").filter(pk=ticket.pk).first()
    )
    if found is None:  # pragma: no cover - deleted under our feet
        raise not_found(_("No such ticket."))
    return found


Change = Callable[[ApiToken], Ticket]
