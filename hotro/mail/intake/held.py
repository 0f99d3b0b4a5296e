"""Unverified replies held for an agent (``desk.hold_unverified``), and an agent accepting one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk import services
from hotro.desk.models import Channel, Message
from hotro.mail.intake import desk
from hotro.mail.intake.plan import APPENDED, HELD, parse
from hotro.mail.models import InboundMail


class HeldMailError(Exception):
    """The held email cannot be accepted; ``message`` is translated, for the agent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def accept_held(pk: int, agent: User) -> Message:
    """Append a held email as its sender's reply (it may reopen the ticket), noting which agent vouched."""
    with transaction.atomic():
        mail = InboundMail.objects.select_for_update(of=("self",)).select_related("ticket").get(pk=pk)
        ticket = mail.ticket
        if mail.outcome != HELD or ticket is None:
            raise HeldMailError(_("This email is not waiting for a decision (it was accepted already)."))
        parsed = parse(mail.raw_bytes)
        try:
            message = desk.append_from_mail(parsed, ticket, (parsed.message_id or "")[:255], as_cc=False)
        except services.DeskError as exc:
            raise HeldMailError(str(exc.message)) from exc
        services.add_system_note(
            ticket,
            _("%(agent)s accepted the unverified email from %(address)s as the customer's reply.")
            % {"agent": agent.display_name, "address": parsed.from_email},
            channel=Channel.EMAIL,
            action="mail.unverified.accepted",
            inbound=mail.pk,
            about=message.pk,
            agent=agent.pk,
        )
        mail.outcome = APPENDED
        mail.reason = _("Accepted by an agent after failing authentication.")[:255]
        mail.ticket_message = message
        mail.processed_at = timezone.now()
        mail.save(update_fields=["outcome", "reason", "ticket_message", "processed_at"])
    return message
