"""The hotline's call log (P7): what was asked by voice, and the ticket a technical call became."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.accounts.services import get_or_create_contact_by_phone, normalise_phone
from hotro.desk import services
from hotro.desk.models import Channel, Department
from hotro.phone.models import Call, CallOutcome


def log_call(
    agent: User,
    *,
    number: str,
    department: Department,
    direction: str,
    outcome: str,
    duration_seconds: int = 0,
    notes: str = "",
    subject: str = "",
) -> Call:
    """Log a call; "converted" also opens a phone ticket for the caller with the notes as its first
    internal note, and the caller is told its number and link (by SMS, or email when known): technical
    problems go by ticket (P7)."""
    if not services.is_agent(agent) or not services.agent_can_work_in(agent, department):
        raise services.DeskError(_("You do not work in this department."), code="forbidden")
    if outcome not in CallOutcome.values:
        raise services.DeskError(_("Choose what came of the call."), field="outcome", code="bad_outcome")
    if outcome == CallOutcome.CONVERTED and not notes.strip():
        raise services.DeskError(
            _("Write down what the caller needs: it becomes the ticket's first note."), field="notes", code="empty"
        )
    number = normalise_phone(number)  # AccountError (field "number"… "phone") for a bad number
    with transaction.atomic():
        contact = get_or_create_contact_by_phone(number)
        ticket = None
        if outcome == CallOutcome.CONVERTED:
            ticket = services.open_ticket(
                requester=contact,
                department=department,
                subject=subject.strip() or _("Call from %(number)s") % {"number": number},
                body=_("Opened by our staff from your call to the hotline; we answer here."),
                channel=Channel.PHONE,
                opened_by=agent,
            )
            services.add_internal_note(ticket, agent, notes)
        return Call.objects.create(
            number=number,
            direction=direction,
            department=department,
            duration_seconds=max(0, duration_seconds),
            outcome=outcome,
            notes=notes,
            contact=contact,
            agent=agent,
            ticket=ticket,
        )
