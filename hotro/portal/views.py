"""The customer portal's pages: home, opening a ticket, the customer's ticket list.

Views are thin: parse a form, call ``hotro.desk.services``, render or redirect.
A ``DeskError`` becomes an error on the form field it names, and nothing is saved.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hotro.accounts.current import signed_in_user
from hotro.accounts.models import Contact
from hotro.accounts.services import AccountError, contact_for_user, get_or_create_contact
from hotro.catalog import services as catalog
from hotro.core.forms import add_service_error
from hotro.desk import search
from hotro.desk.models import ACTIVE_STATUSES, Department, Priority, Status, Ticket
from hotro.desk.services import (
    DeskError,
    add_system_note,
    check_attachments,
    open_ticket_with_message,
    tickets_for_account,
)
from hotro.portal.availability import availability_now, upcoming_holidays, weekly_hours
from hotro.portal.departments import describe
from hotro.portal.forms import (
    SUBJECT_MAX_LENGTH,
    GuestTicketForm,
    TicketForm,
    files_to_attach_again,
    granted_priority,
)
from hotro.portal.rows import ticket_rows
from hotro.vault import services as vault

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """What the desk is, which channel to use for what (P15), and who is open right now (P8, P12)."""
    return render(request, "portal/home.html", {"availability": availability_now()})


@require_safe
def hours(request: HttpRequest) -> HttpResponse:
    """The public status page: who is open now, every weekly calendar, the upcoming holidays (P8, P9)."""
    context = {"availability": availability_now(), "weekly": weekly_hours(), "holidays": upcoming_holidays()}
    return render(request, "portal/hours.html", context)


def _requester(request: HttpRequest, data: dict) -> Contact:
    """The signed-in customer's own contact (posted ids are never read), or the guest's address."""
    if request.user.is_authenticated:
        return contact_for_user(request.user)
    return get_or_create_contact(data["email"], name=data.get("name", ""), language=translation.get_language() or "vi")


def note_priority_wish(ticket: Ticket, wished: int, granted: int) -> None:
    """P2: the receiving team decides the priority; the customer's wish is kept for them, in the desk's language."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The customer asked for the priority %(wished)s; the ticket was opened as %(granted)s.") % {
            "wished": Priority(wished).label,
            "granted": Priority(granted).label,
        }
    add_system_note(
        ticket,
        text,
        action="portal.priority.wished",
        wished=Priority(wished).slug,
        granted=Priority(granted).slug,
    )


def ticket_new(request: HttpRequest) -> HttpResponse:
    """P1: open a ticket. Signed in, it is the account's; as a guest, the given address's."""
    signed_in = request.user.is_authenticated
    form_class = TicketForm if signed_in else GuestTicketForm
    # P14: a signed-in customer names one of their own active services; a guest has none to show.
    own_services = None
    if signed_in:
        user = signed_in_user(request)
        own_services = catalog.instances_for_account(user)
    form = form_class(request.POST or None, request.FILES or None, services=own_services)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a refused ticket leaves no new guest contact behind
                requester = _requester(request, data)
                check_attachments(data["attachments"], uploader=requester)  # with the customer's daily allowance
                priority = granted_priority(data["priority"])
                ticket, first_message = open_ticket_with_message(
                    requester=requester,
                    department=data["department"],
                    category=data["category"],
                    priority=priority,
                    subject=data["subject"],
                    body=data["body"],
                    attachments=data["attachments"],
                    # Finding 3 of #14: anyone may type a registered customer's address on the anonymous form.
                    requester_confirmed=signed_in or requester.user_id is None,
                )
                if priority != data["priority"]:
                    note_priority_wish(ticket, data["priority"], priority)
                catalog.name_service(ticket, data.get("service"), requester)
                if data["secret"]:  # kept encrypted beside the first message, never in it (hotro.vault)
                    vault.store_secret(ticket, first_message, data["secret"], requester)
        except (DeskError, AccountError, catalog.CatalogError, vault.VaultError) as error:
            add_service_error(form, error)
        else:
            if request.user.is_authenticated and request.user.email_verified:
                messages.success(request, _("Your ticket %(number)s is open.") % {"number": ticket.number})
                return redirect("portal:ticket_detail", ticket.number)
            request.session["portal_guest_ticket"] = {"number": ticket.number, "email": requester.email}
            return redirect("portal:ticket_sent")
    now_lines = {row.department.pk: row.ticket_line for row in availability_now()}
    departments = [
        (d, describe(d), now_lines.get(d.pk, ""))
        for d in Department.objects.filter(active=True).prefetch_related("categories")
    ]
    context = {
        "form": form,
        "departments": departments,
        "max_attachments": settings.HOTRO_ATTACHMENT_MAX_COUNT,
        "max_attachment_size": settings.HOTRO_ATTACHMENT_MAX_BYTES,
        "subject_max_length": SUBJECT_MAX_LENGTH,
        # P13: the policy text shown (by scope-notice.js) when an out-of-scope category is chosen.
        "scope_notes": {
            pk: rule.note_text for pk, rule in catalog.category_scopes().items() if rule.scope == catalog.OUT_OF_SCOPE
        },
        "attach_again": files_to_attach_again(request.FILES.getlist("attachments")) if form.is_bound else [],
    }
    return render(request, "portal/ticket_new.html", context)


def ticket_sent(request: HttpRequest) -> HttpResponse:
    """After a guest's ticket: the link to follow it went to their mailbox (P1), not to this page."""
    sent = request.session.get("portal_guest_ticket")
    if not sent:
        return redirect("portal:ticket_new")
    return render(request, "portal/ticket_sent.html", {"sent": sent})


@login_required
def ticket_list(request: HttpRequest) -> HttpResponse:
    """The customer's tickets, newest activity first, filtered by state and a subject/number search."""
    state = request.GET.get("state", "")
    query = request.GET.get("q", "").strip()[:100]
    # Only the columns a row shows (hotro.portal.rows): a page is 50 full tickets otherwise.
    tickets = (
        tickets_for_account(signed_in_user(request))
        .select_related("department")
        .only("subject", "status", "updated_at", "department__name", "department__name_en")
    )
    if state == "open":
        tickets = tickets.filter(status__in=ACTIVE_STATUSES)
    elif state == "closed":
        tickets = tickets.filter(status__in=[Status.RESOLVED, Status.CLOSED])
    if query:
        tickets = search.matching(tickets, query, include_notes=False)  # notes are never the customer's
    page = Paginator(tickets.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": ticket_rows(page.object_list), "state": state, "query": query}
    return render(request, "portal/ticket_list.html", context)
