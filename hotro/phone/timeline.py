"""The contact page's phone entries: SMS both ways and hotline calls (P7)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, IdentityKind
from hotro.core.models import OutboundMessage
from hotro.core.timeline import Departments, Entry
from hotro.phone.models import Call, InboundSms


def _numbers(contact: Contact) -> set[str]:
    numbers = set(contact.identities.filter(kind=IdentityKind.PHONE).values_list("value", flat=True))
    return numbers | {contact.phone} if contact.phone else numbers


def _in_departments(departments: Departments, field: str = "ticket__department_id") -> Q:
    """Items of a ticket in the viewer's departments, and those of no ticket (a STOP, say)."""
    if departments is None:
        return Q()
    return Q(**{f"{field}__in": departments}) | Q(**{f"{field.removesuffix('__department_id')}__isnull": True})


def sms_entries(contact: Contact, departments: Departments, limit: int) -> Iterator[Entry]:
    numbers = _numbers(contact)
    if not numbers:
        return
    received = (
        InboundSms.objects.filter(_in_departments(departments), from_number__in=numbers)
        .select_related("ticket__department")
        .defer("raw")
        .order_by("-received_at", "-pk")[:limit]
    )
    sent = (
        OutboundMessage.objects.filter(_in_departments(departments), channel="sms", to__in=numbers)
        .select_related("ticket__department")
        .order_by("-created_at", "-pk")[:limit]
    )
    entries = [
        Entry(
            at=sms.received_at,
            kind="sms_in",
            label=_("SMS received"),
            text=sms.body,
            ticket_number=sms.ticket.number if sms.ticket else "",
            department=str(sms.ticket.department.label) if sms.ticket else "",
            detail=sms.get_status_display(),
        )
        for sms in received
    ]
    entries += [
        Entry(
            at=out.created_at,
            kind="sms_out",
            label=_("SMS sent"),
            text=out.body_text or out.kind,
            ticket_number=out.ticket.number if out.ticket else "",
            department=str(out.ticket.department.label) if out.ticket else "",
            detail=out.get_status_display(),
        )
        for out in sent
    ]
    yield from sorted(entries, key=lambda entry: entry.at, reverse=True)[:limit]


def call_entries(contact: Contact, departments: Departments, limit: int) -> Iterator[Entry]:
    calls = Call.objects.filter(Q(contact=contact) | Q(number__in=_numbers(contact)))
    if departments is not None:
        calls = calls.filter(department_id__in=departments)
    for call in calls.select_related("department", "ticket", "agent").order_by("-created_at", "-pk")[:limit]:
        minutes, seconds = divmod(call.duration_seconds, 60)
        yield Entry(
            at=call.created_at,
            kind="call",
            label=_("Incoming call") if call.direction == "in" else _("Outgoing call"),
            text=call.notes,
            ticket_number=call.ticket.number if call.ticket else "",
            department=str(call.department.label),
            detail=f"{call.get_outcome_display()} · {minutes}:{seconds:02d}",
        )
