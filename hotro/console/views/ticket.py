"""The agent's ticket page: header, whole thread (internal notes included), compose box, sidebar, history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hotro.catalog.services import service_panel
from hotro.console.access import agent_required, signed_in_agent
from hotro.console.forms import AssignForm, ComposeForm, PriorityForm, StatusForm, TransferForm
from hotro.console.history import describe
from hotro.console.thread import SmsDelivery, history_html, thread_html
from hotro.console.vault_marks import vault_marks
from hotro.console.views.workflow import merged_redirect
from hotro.core.models import OutboundMessage
from hotro.desk.models import Attachment, Ticket
from hotro.desk.services import access_ticket_as_agent
from hotro.notify.dispatch import route
from hotro.vault.services import vault_panel


def ticket_context(ticket: Ticket, **forms: Any) -> dict[str, Any]:
    """Everything the page shows; actions pass a bound form back in to show its errors."""
    messages = ticket.messages.select_related("author_user", "author_contact").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )
    events = ticket.events.select_related("actor_user", "actor_contact")
    thread = list(messages)
    vault_box = vault_panel(ticket)
    reply_channel = route(ticket, ticket.requester)
    by_sms = reply_channel is not None and reply_channel[0] == "sms"
    return {
        "section": "ticket",
        "ticket": ticket,
        "thread_html": thread_html(thread, sms_deliveries(ticket) if by_sms else {}, vault_marks(vault_box)),
        # The credential vault (hotro.vault): the ticket's secrets, masked, and the messages that seem to hold one.
        "vault": vault_box,
        "history_html": history_html(describe(events)),
        "compose_form": forms.get("compose_form") or ComposeForm(),
        "compose_mode": forms.get("compose_mode", "reply"),
        # Collision check (hotro.console.collision): the reply says which message was the newest it saw.
        "last_message_id": max((message.pk for message in thread), default=0),
        "assign_form": AssignForm(ticket=ticket),
        "status_form": StatusForm(ticket=ticket),
        "priority_form": PriorityForm(initial={"priority": ticket.priority}),
        "transfer_form": TransferForm(ticket=ticket),
        # How a public reply reaches the customer (the notifications' own rule): ("sms", number), ("email", …).
        "reply_channel": reply_channel,
        "sms_segment_warning": settings.HOTRO_SMS_SEGMENT_WARNING,
        # P13, P14: the service the ticket is about, its limits, related tickets and incidents (hotro.catalog).
        "service_panel": service_panel(ticket),
    }


def sms_deliveries(ticket: Ticket) -> dict[int, list[SmsDelivery]]:
    """What became of each message sent by SMS (the gateway's reports), by ticket message.

    Asked only for a ticket answered by SMS: an email ticket's page runs no extra query.
    """
    rows = OutboundMessage.objects.filter(ticket=ticket, channel="sms", ticket_message__isnull=False).order_by("pk")
    found: dict[int, list[SmsDelivery]] = {}
    for pk, to, status, delivery, error in rows.values_list(
        "ticket_message_id", "to", "status", "delivery_status", "last_error"
    ):
        found.setdefault(pk, []).append(SmsDelivery(to, status, delivery, error))
    return found


@agent_required
def ticket_page(request: HttpRequest, number: str) -> HttpResponse:
    ticket = access_ticket_as_agent(signed_in_agent(request), number)
    if ticket.merged_into_id is not None and "merged" not in request.GET:
        return merged_redirect(request, ticket)  # its conversation continues there; ?merged shows it as it was
    mode = "note" if request.GET.get("mode") == "note" else "reply"
    return render(request, "console/ticket.html", ticket_context(ticket, compose_mode=mode))
