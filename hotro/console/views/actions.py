"""POST endpoints of the ticket page. Each one: check access, validate the form, call one service.

A ``DeskError`` or an invalid form changes nothing and comes back as a message
(or, for the compose box, as the page re-rendered with the text kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.console.access import HtmxRequest, agent_required, signed_in_agent
from hotro.console.collision import newer_messages
from hotro.console.forms import AssignForm, ComposeForm, PriorityForm, StatusForm, TransferForm
from hotro.console.queues import row_columns
from hotro.console.rows import RowContext, claimed_row
from hotro.console.views.ticket import ticket_context
from hotro.core.forms import add_service_error
from hotro.desk import services
from hotro.desk.models import Priority, Status, Ticket
from hotro.desk.services import DeskError, agent_can_work_in
from hotro.replies import services as replies
from hotro.vault import services as vault


def ticket_url(ticket: Ticket) -> str:
    return reverse("console:ticket", args=[ticket.number])


def _back(ticket: Ticket) -> HttpResponse:
    return redirect("console:ticket", number=ticket.number)


def _form_error(form: BaseForm) -> str:
    return " ".join(str(message) for field_errors in form.errors.values() for message in field_errors)


def _sidebar_action(
    request: HttpRequest, form: Any, act: Callable[[dict], object], success: Callable[[dict], str] | None = None
) -> bool:
    """Validate a sidebar form and run its service; errors become a flash message. True when it was done."""
    if form is not None and not form.is_valid():
        messages.error(request, _form_error(form))
        return False
    data = form.cleaned_data if form is not None else {}
    try:
        act(data)
    except DeskError as error:
        messages.error(request, str(error.message))
        return False
    if success is not None:
        messages.success(request, success(data))
    return True


def _compose(request: HttpRequest, number: str, mode: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = ComposeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        newer = [] if mode == "note" else newer_messages(ticket, agent, request.POST)
        if newer:  # a message arrived after the page was loaded: show it rather than answer blind
            context = {**ticket_context(ticket, compose_form=form, compose_mode=mode), "newer_messages": newer}
            return render(request, "console/ticket.html", context, status=409)
        try:
            with transaction.atomic():  # the message and its secret (hotro.vault) are written together or not at all
                if mode == "note":
                    message = services.add_internal_note(ticket, agent, data["body"], attachments=data["attachments"])
                else:
                    message = services.add_agent_reply(
                        ticket,
                        agent,
                        replies.sign_reply(data["body"], agent, ticket.department_id),  # P3: signed, notes never
                        attachments=data["attachments"],
                        new_status=data["then_status"] or None,
                    )
                if data["secret"]:
                    vault.store_secret(ticket, message, data["secret"], agent)
        except (DeskError, vault.VaultError) as error:
            add_service_error(form, error, renamed={"status": "then_status"})
        else:
            if mode == "note":
                messages.success(request, _("Internal note added."))
                return redirect(f"{ticket_url(ticket)}?mode=note#compose")  # the agent keeps the note mode
            messages.success(request, _("Reply sent to the customer."))
            return _back(ticket)
    context = ticket_context(ticket, compose_form=form, compose_mode=mode)
    return render(request, "console/ticket.html", context, status=400)


@agent_required
@require_POST
def reply(request: HttpRequest, number: str) -> HttpResponse:
    """A public reply: the customer sees it and is emailed (P3); optionally sets a status after.

    When the compose box says "internal note" the text stays internal whichever button
    submitted it (pressing Enter picks the form's first button): a note must never go public.
    """
    return _compose(request, number, "note" if request.POST.get("mode") == "note" else "reply")


@agent_required
@require_POST
def note(request: HttpRequest, number: str) -> HttpResponse:
    """An internal note: agents only, never sent to the customer."""
    return _compose(request, number, "note")


@agent_required
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    _sidebar_action(
        request,
        AssignForm(request.POST, ticket=ticket),
        lambda data: services.assign(ticket, data["assignee"], agent),
        lambda data: _("Assigned to %(name)s.") % {"name": data["assignee"].display_name},
    )
    return _back(ticket)


@agent_required
@require_POST
def unassign(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    _sidebar_action(request, None, lambda _data: services.unassign(ticket, agent))
    return _back(ticket)


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@agent_required
@require_POST
def claim(request: HtmxRequest, number: str) -> HttpResponse:
    """P2: take a ticket from triage. With htmx the row is swapped in place; without, back to the list."""
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    error = None
    try:
        services.claim(ticket, agent)
    except DeskError as exc:
        error = str(exc.message)
    if request.htmx:
        ticket = row_columns(Ticket.objects.filter(pk=ticket.pk)).get()
        return HttpResponse(claimed_row(RowContext.from_request(request), ticket, claim_error=error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("You took %(number)s.") % {"number": ticket.number})
    return redirect(_next_url(request, ticket_url(ticket)))


@agent_required
@require_POST
def status(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = StatusForm(request.POST, ticket=ticket)
    if form.is_valid() and form.cleaned_data["status"] == ticket.status:
        messages.info(request, _("The status is unchanged: %(status)s.") % {"status": ticket.get_status_display()})
        return _back(ticket)
    _sidebar_action(
        request,
        form,
        lambda data: services.change_status(ticket, data["status"], agent),
        lambda data: _("Status set to %(status)s.") % {"status": Status(data["status"]).label},
    )
    return _back(ticket)


@agent_required
@require_POST
def priority(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = PriorityForm(request.POST)
    _sidebar_action(
        request,
        form,
        lambda data: services.change_priority(ticket, data["priority"], agent),
        lambda data: _("Priority set to %(priority)s.") % {"priority": Priority(data["priority"]).label},
    )
    return _back(ticket)


@agent_required
@require_POST
def transfer(request: HttpRequest, number: str) -> HttpResponse:
    """Move the ticket; if the agent does not work in the new department, they land on their queue."""
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = TransferForm(request.POST, ticket=ticket)
    moved = _sidebar_action(
        request,
        form,
        lambda data: services.transfer_ticket(ticket, data["department"], agent, category=data["category"]),
    )
    if not moved:
        return _back(ticket)
    department = form.cleaned_data["department"]
    if not agent_can_work_in(agent, department):
        messages.success(
            request,
            _("%(number)s moved to %(department)s; you no longer see it.")
            % {"number": ticket.number, "department": department.label},
        )
        return redirect("console:queue")
    messages.success(request, _("Moved to %(department)s.") % {"department": department.label})
    return _back(ticket)


@agent_required
@require_POST
def revoke_guest_links(request: HttpRequest, number: str) -> HttpResponse:
    """Links already mailed to the customer stop working (one was forwarded, or leaked)."""
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    done = _("Guest links sent so far no longer open this ticket; the next email to the customer carries a new one.")
    _sidebar_action(request, None, lambda _data: services.revoke_guest_links(ticket, agent), lambda _d: done)
    return _back(ticket)
