"""Customers, departments with their hours, and a ticket's SLA state, for the API.

Customers are found and created through ``hotro.accounts.services`` (any identity: email,
phone, chat visitor); hours come from ``hotro.hours.services``; the SLA state is read from the
ticket's own due times, the way the console shows it.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, IdentityKind
from hotro.accounts.services import (
    AccountError,
    clean_email,
    find_contact,
    get_or_create_contact,
    get_or_create_contact_by_phone,
    normalise_phone,
)
from hotro.api import scoping
from hotro.api.models import ApiToken
from hotro.api.problems import ApiProblem, FieldError, invalid, not_found
from hotro.api.schemas import ContactIn, HoursOut, SlaEventOut, SlaOut, SlaTargetOut
from hotro.desk.models import Department, Ticket
from hotro.hours import services as hours
from hotro.hours.errors import HoursError
from hotro.hours.models import CalendarChannel
from hotro.sla import compute
from hotro.sla.clock import FIELDS
from hotro.sla.models import SlaEvent, Target


def _account_problem(error: AccountError) -> ApiProblem:
    return ApiProblem(422, "validation_error", error.message, [FieldError(error.field or "value", error.message)])


def find(token: ApiToken, *, email: str | None, phone: str | None, visitor: str | None) -> Contact:
    """The customer known by exactly one of these identities, or a 404 problem."""
    scoping.require(token, "contacts")
    given = [
        (k, v) for k, v in ((IdentityKind.EMAIL, email), (IdentityKind.PHONE, phone), (IdentityKind.CHAT, visitor)) if v
    ]
    if len(given) != 1:
        raise invalid("email", _("Give exactly one of email, phone or visitor."), "one_identity")
    kind, raw = given[0]
    try:
        value = (
            clean_email(raw)
            if kind == IdentityKind.EMAIL
            else normalise_phone(raw)
            if kind == IdentityKind.PHONE
            else raw.strip()
        )
    except AccountError as error:
        raise _account_problem(error) from None
    contact = find_contact(kind, value) if value else None
    if contact is None:
        raise not_found(_("No customer is known by this identity."))
    return with_identities(contact)


def with_identities(contact: Contact) -> Contact:
    return Contact.objects.select_related("organisation").prefetch_related("identities").get(pk=contact.pk)


def upsert(token: ApiToken, data: ContactIn) -> tuple[Contact, bool]:
    """The customer with this email (else phone), created when new; blank fields are filled, none overwritten.

    Returns the contact and whether it was created. Overwriting is left to agents: an
    integration's idea of a name must not silently replace what the customer told the desk.
    """
    scoping.require(token, "contacts")
    if not data.email and not data.phone:
        raise invalid("email", _("Give the customer's email address or phone number."), "required")
    try:
        kind, value = (
            (IdentityKind.EMAIL, clean_email(data.email))
            if data.email
            else (IdentityKind.PHONE, normalise_phone(data.phone or ""))
        )
        existed = find_contact(kind, value) is not None
        if data.email:
            contact = get_or_create_contact(
                data.email, name=data.name, phone=data.phone or "", language=data.language or ""
            )
        else:
            contact = get_or_create_contact_by_phone(data.phone or "", name=data.name, language=data.language or "")
    except AccountError as error:
        raise _account_problem(error) from None
    return with_identities(contact), not existed


def departments(token: ApiToken) -> list[Department]:
    """The departments the token may work in (any token may ask: it only names them)."""
    return scoping.visible_departments(token)


def department(token: ApiToken, slug: str) -> Department:
    found = next((d for d in departments(token) if d.slug == slug), None)
    if found is None:
        raise not_found(_("No such department."))
    return found


def department_hours(department: Department, at: datetime | None = None) -> list[HoursOut]:
    """Open now and the next opening, per channel calendar the department has."""
    at = at or timezone.now()
    out = []
    for channel in CalendarChannel:
        try:
            state = hours.describe_availability(department, channel, at)
        except HoursError:
            continue  # no calendar for this channel
        out.append(
            HoursOut(
                channel=channel.value,  # type: ignore[arg-type]
                open_now=state.open,
                next_opening=state.next_opening,
                next_closing=state.next_closing,
            )
        )
    return out


def _target_state(ticket: Ticket, target: str, due: datetime | None, warn: datetime | None, now: datetime) -> str:
    if target == Target.FIRST_RESPONSE and ticket.first_response_at is not None:
        return "met"
    if due is None:
        return "none"
    if ticket.sla_paused_at is not None or not ticket.is_active:
        return "paused"
    return compute.state_at(compute.Deadline(due=due, warn=warn or due), now)


def sla_state(token: ApiToken, number: str) -> SlaOut:
    scoping.require(token, "tickets:read")
    ticket = scoping.ticket(token, number)
    now = timezone.now()
    targets = []
    for target, (due_field, warn_field) in FIELDS.items():
        due, warn = getattr(ticket, due_field), getattr(ticket, warn_field)
        targets.append(
            SlaTargetOut(
                target=target.value,  # type: ignore[arg-type]
                due_at=due,
                warn_at=warn,
                state=_target_state(ticket, target, due, warn, now),  # type: ignore[arg-type]
            )
        )
    events = [
        SlaEventOut(target=e.target, kind=e.kind, due_at=e.due_at, recorded_at=e.created_at)  # type: ignore[arg-type]
        for e in SlaEvent.objects.filter(ticket=ticket).order_by("created_at", "id")
    ]
    return SlaOut(
        ticket=ticket.number,
        clock_started_at=ticket.sla_clock_started_at,
        paused=ticket.sla_paused_at is not None,
        due_at=ticket.sla_due_at,
        targets=targets,
        events=events,
    )
