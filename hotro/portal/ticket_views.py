"""One ticket as its customer sees it: the public thread, reply, close and reopen (P4).

The same pages serve a signed-in customer (``tickets/<number>/``) and a guest
following the emailed link (``t/<token>/``); ``PortalTicket`` carries which.
Internal notes are never read here: the thread query filters them out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.core.forms import add_service_error
from hotro.desk.models import Status
from hotro.desk.services import (
    DeskError,
    GuestLinkExpired,
    access_ticket_by_token,
    add_customer_reply,
    check_attachments,
    close_ticket,
    expired_guest_link,
    guest_token,
    merged_target_for,
    reopen_ticket,
    reopen_window_open,
)
from hotro.notify.guest_links import send_fresh_guest_link
from hotro.portal.access import PortalTicket, ticket_for_request, ticket_for_token
from hotro.portal.forms import ReplyForm, files_to_attach_again
from hotro.vault import services as vault

# Asks for a fresh guest link one address (IP) may make in an hour, whatever the tickets.
RENEWALS_PER_HOUR = 10


def render_ticket(request: HttpRequest, item: PortalTicket, form: ReplyForm | None = None) -> HttpResponse:
    ticket = item.ticket
    thread = (
        ticket.messages.filter(internal=False)
        .select_related("author_user", "author_contact")
        .prefetch_related("attachments")
    )
    can_write = reopen_window_open(ticket)
    context = {
        "item": item,
        "ticket": ticket,
        "thread": thread,
        "form": form or ReplyForm(),
        "can_write": can_write,
        "can_close": ticket.status != Status.CLOSED,
        "reopen_days": settings.HOTRO_REOPEN_CLOSED_DAYS,
        "can_reopen": ticket.status in (Status.RESOLVED, Status.CLOSED) and can_write,
        "attachment_query": f"?t={item.token}" if item.token else "",
        "reply_url": item.url("reply"),
        "close_url": item.url("close"),
        "reopen_url": item.url("reopen"),
        "attach_again": files_to_attach_again(request.FILES.getlist("attachments")) if form is not None else [],
        # Secrets sent with the public messages (hotro.vault), shown masked; an agent's can be revealed.
        "vault_secrets": vault.customer_secrets(ticket),
        "vault_mask": vault.MASK,
        "secret_url": item.url("secret"),
    }
    return render(request, "portal/ticket_detail.html", context)


def reply(request: HttpRequest, item: PortalTicket) -> HttpResponse:
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            check_attachments(form.cleaned_data["attachments"], uploader=item.contact)  # the daily allowance
            with transaction.atomic():  # the reply and its secret (hotro.vault) are written together or not at all
                message = add_customer_reply(
                    item.ticket, item.contact, form.cleaned_data["body"], attachments=form.cleaned_data["attachments"]
                )
                if form.cleaned_data["secret"]:
                    vault.store_secret(item.ticket, message, form.cleaned_data["secret"], item.contact)
        except (DeskError, vault.VaultError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your reply is added to the ticket."))
            return redirect(item.url())
    return render_ticket(request, item, form)


def _action(service: Callable[..., object], done: str) -> Callable[[HttpRequest, PortalTicket], HttpResponse]:
    def run(request: HttpRequest, item: PortalTicket) -> HttpResponse:
        try:
            service(item.ticket, item.contact)
        except DeskError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, done)
        return redirect(item.url())

    return run


def close(request: HttpRequest, item: PortalTicket) -> HttpResponse:
    return _action(close_ticket, _("The ticket is closed. Thank you!"))(request, item)


def reopen(request: HttpRequest, item: PortalTicket) -> HttpResponse:
    return _action(reopen_ticket, _("The ticket is open again."))(request, item)


# Signed-in customer, by ticket number.


@login_required
def ticket_detail(request: HttpRequest, number: str) -> HttpResponse:
    item = ticket_for_request(request, number)
    target = merged_target_for(item.ticket, item.contact)
    if target is not None:  # merged: the conversation continues there
        return redirect("portal:ticket_detail", target.number)
    return render_ticket(request, item)


@login_required
@require_POST
def ticket_reply(request: HttpRequest, number: str) -> HttpResponse:
    return reply(request, ticket_for_request(request, number))


@login_required
@require_POST
def ticket_close(request: HttpRequest, number: str) -> HttpResponse:
    return close(request, ticket_for_request(request, number))


@login_required
@require_POST
def ticket_reopen(request: HttpRequest, number: str) -> HttpResponse:
    return reopen(request, ticket_for_request(request, number))


# Guest, by the signed link from the acknowledgement email.

GuestView = Callable[[HttpRequest, str], HttpResponse]


def offers_fresh_link(view: GuestView) -> GuestView:
    """An expired (but genuine, unrevoked) link shows a page that offers to send a fresh one; 410 Gone."""

    @wraps(view)
    def run(request: HttpRequest, token: str) -> HttpResponse:
        try:
            return view(request, token)
        except GuestLinkExpired:
            context = {
                "renew_url": reverse("portal:guest_ticket_renew", args=[token]),
                "days": settings.HOTRO_GUEST_LINK_DAYS,
            }
            return render(request, "portal/guest_link_expired.html", context, status=410)

    return run


@offers_fresh_link
def guest_ticket(request: HttpRequest, token: str) -> HttpResponse:
    item = ticket_for_token(token)
    target = merged_target_for(item.ticket, item.contact)
    if target is not None:  # merged: the old link leads to the surviving ticket, for the same customer
        return redirect("portal:guest_ticket", guest_token(target, item.contact))
    return render_ticket(request, item)


@require_POST
@offers_fresh_link
def guest_ticket_reply(request: HttpRequest, token: str) -> HttpResponse:
    return reply(request, ticket_for_token(token))


@require_POST
@offers_fresh_link
def guest_ticket_close(request: HttpRequest, token: str) -> HttpResponse:
    return close(request, ticket_for_token(token))


@require_POST
@offers_fresh_link
def guest_ticket_reopen(request: HttpRequest, token: str) -> HttpResponse:
    return reopen(request, ticket_for_token(token))


@require_POST
def guest_ticket_renew(request: HttpRequest, token: str) -> HttpResponse:
    """Send a fresh link to the address the ticket is followed with. The answer is the same whether
    anything was sent or not (a link sent lately, too many asks from this address): it reveals nothing."""
    try:
        access_ticket_by_token(token)  # a forged or revoked link is a 404, like every guest URL
    except GuestLinkExpired:
        pass
    else:
        return redirect("portal:guest_ticket", token)  # it still opens the ticket
    ticket, contact = expired_guest_link(token)
    if _renewal_allowed(request):
        with transaction.atomic():
            send_fresh_guest_link(ticket, contact)
    messages.success(
        request,
        _(
            "If this link was sent to you, a new one is on its way to the address this ticket is followed with. "
            "Check your mailbox (and its spam folder)."
        ),
    )
    return redirect("portal:guest_ticket", token)


def _renewal_allowed(request: HttpRequest) -> bool:
    key = f"hotro:guest-renew-ip:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= RENEWALS_PER_HOUR
    except ValueError:  # expired between the two calls
        return True
