"""POST endpoints of working together on the ticket page: merge, split, link, tags.

Each one: check access (``access_ticket_as_agent``: another department's ticket is a 404), validate
the form, call one desk service; a refusal changes nothing and comes back as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models.functions import Left
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.console.access import agent_required, signed_in_agent
from hotro.console.workflow_forms import LinkForm, MergeForm, SplitForm, TagForm
from hotro.desk import services
from hotro.desk.models import Message, Ticket, TicketLink
from hotro.desk.services import DeskError


def _back(ticket: Ticket) -> HttpResponse:
    return redirect("console:ticket", number=ticket.number)


def _form_error(form: BaseForm) -> str:
    return " ".join(str(message) for field_errors in form.errors.values() for message in field_errors)


def merged_redirect(request: HttpRequest, ticket: Ticket) -> HttpResponse:
    """A merged ticket's number leads to the survivor; to itself (as it was) if the agent may not see that one."""
    target = services.follow_merged(ticket)
    if not services.agent_can_work_in(signed_in_agent(request), target.department):
        return redirect(f"{reverse('console:ticket', args=[ticket.number])}?merged")
    messages.info(
        request, _("%(source)s was merged into %(target)s.") % {"source": ticket.number, "target": target.number}
    )
    return _back(target)


@agent_required
@require_POST
def merge(request: HttpRequest, number: str) -> HttpResponse:
    """This ticket (its number in the URL) into the one named in the form; the agent lands on the survivor."""
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = MergeForm(request.POST, agent=agent)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _back(ticket)
    target = form.cleaned_data["target"]
    try:
        services.merge_tickets(ticket, target, agent, other_requester=form.cleaned_data["other_requester"])
    except DeskError as error:
        messages.error(request, str(error.message))
        return _back(ticket)
    messages.success(
        request,
        _("%(source)s was merged into %(target)s; its customer was told.")
        % {"source": ticket.number, "target": target.number},
    )
    return _back(target)


def message_choices(ticket: Ticket) -> list[tuple[int, str]]:
    """The messages a split may take, as "#2 · Author · first words", oldest first."""
    # Only the first words of each body come back: the ticket page renders this list on every view.
    rows = (
        ticket.messages.select_related("author_user", "author_contact")
        .defer("body_text", "body_html")  # an only() of the authors' names left their display fields to one query each
        .annotate(opening=Left("body_text", 200))
    )
    found = []
    for position, message in enumerate(rows, start=1):
        words = " ".join(message.opening.split())[:60]
        note = f" ({_('internal note')})" if message.internal else ""
        found.append((message.pk, f"#{position} · {message.author_name}{note} · {words}"))
    return found


@agent_required
@require_POST
def split(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = SplitForm(request.POST, message_choices=message_choices(ticket))
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _back(ticket)
    message = get_object_or_404(Message, pk=form.cleaned_data["message"], ticket=ticket)
    try:
        new = services.split_message(message, agent, subject=form.cleaned_data["subject"])
    except DeskError as error:
        messages.error(request, str(error.message))
        return _back(ticket)
    messages.success(request, _("The message now opens %(number)s.") % {"number": new.number})
    return _back(new)


@agent_required
@require_POST
def link(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = LinkForm(request.POST, agent=agent)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _back(ticket)
    try:
        services.link_tickets(ticket, form.cleaned_data["other"], form.cleaned_data["kind"], agent)
    except DeskError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Linked to %(number)s.") % {"number": form.cleaned_data["other"].number})
    return _back(ticket)


@agent_required
@require_POST
def unlink(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    found = TicketLink.objects.filter(pk=pk).filter(source=ticket).first() or (
        TicketLink.objects.filter(pk=pk, target=ticket).first()
    )
    if found is None:
        raise Http404("No such link")
    try:
        services.unlink_tickets(found, agent)
    except DeskError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The link was removed."))
    return _back(ticket)


@agent_required
@require_POST
def tag_add(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = TagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _back(ticket)
    try:
        tag = services.add_tag(ticket, form.cleaned_data["tag"], agent)
    except DeskError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Tagged %(tag)s.") % {"tag": tag.name})
    return _back(ticket)


@agent_required
@require_POST
def tag_remove(request: HttpRequest, number: str) -> HttpResponse:
    agent = signed_in_agent(request)
    ticket = services.access_ticket_as_agent(agent, number)
    form = TagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _back(ticket)
    try:
        services.remove_tag(ticket, form.cleaned_data["tag"], agent)
    except DeskError as error:
        messages.error(request, str(error.message))
    return _back(ticket)
