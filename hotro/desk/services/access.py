"""Who may see which ticket and which file, for every channel (portal, console, guest links,
chat, SMS, API). Every read that needs a permission check goes through here.

What a user may not see raises ``Http404`` rather than 403, so ticket numbers
that exist and those that do not look the same from outside.

A customer's *account* sees tickets only once its address is proven: before the
customer follows the verification link, anyone could have signed up with someone
else's address. Tickets opened meanwhile are followed through the emailed guest link,
which only the mailbox's owner receives.
"""

from __future__ import annotations

from typing import TypeGuard

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404

from hotro.accounts.models import Contact, User
from hotro.accounts.services import contact_for_user
from hotro.desk.models import Attachment, Department, Ticket

GUEST_LINK_SALT = "hotro.desk.guest-link"
# Where agent_departments() keeps its list on the user object, for the rest of the request.
_KEPT_DEPARTMENTS = "_departments"


def agent_department_ids(user: User) -> set[int] | None:
    """Departments an agent may work in; ``None`` means all (administrators).

    Kept on the user object, which lives for one request: a page asks several times.
    """
    agent = getattr(user, "agent", None)
    if agent is None or not agent.active:
        return set()
    if agent.is_admin:
        return None
    return {department.pk for department in agent_departments(user)}


def agent_departments(user: User) -> list[Department]:
    """The departments this agent is a member of (active or not), in serving order.

    Kept on the user object, which lives for one request: a console page asks several
    times (which tickets, which tabs).
    """
    agent = getattr(user, "agent", None)
    if agent is None:
        return []
    cached: list[Department] | None = getattr(user, _KEPT_DEPARTMENTS, None)
    if cached is None:
        cached = list(agent.departments.order_by("rank", "slug"))
        setattr(user, _KEPT_DEPARTMENTS, cached)
    return cached


def is_agent(user: User | object) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_agent", False))


def agent_can_work_in(user: User, department: Department) -> bool:
    allowed = agent_department_ids(user)
    return allowed is None or department.pk in allowed


def tickets_for_agent(user: User) -> QuerySet[Ticket]:
    allowed = agent_department_ids(user)
    qs = Ticket.objects.all()
    return qs if allowed is None else qs.filter(department_id__in=allowed)


def tickets_for_contact(contact: Contact) -> QuerySet[Ticket]:
    """The contact's tickets as requester or CC.

    Most customers are CC on nothing: for them the plain ``requester = ?`` query
    runs straight down ``ticket_requester_idx`` in the portal's order. The OR
    with the CC table (which no index can serve in order) is paid only by those
    who are CC somewhere.
    """
    cc = Ticket.ccs.through.objects.filter(contact=contact)
    if not cc.exists():
        return Ticket.objects.filter(requester=contact)
    return Ticket.objects.filter(Q(requester=contact) | Q(pk__in=cc.values("ticket_id")))


def contact_can_see(contact: Contact, ticket: Ticket) -> bool:
    return ticket.requester_id == contact.pk or ticket.ccs.filter(pk=contact.pk).exists()


def _by_number(qs: QuerySet[Ticket], number: str) -> Ticket:
    pk = Ticket.pk_from_number(number)
    if pk is None:
        raise Http404("No such ticket")
    ticket = qs.select_related("department", "category", "requester", "assignee").filter(pk=pk).first()
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def access_ticket_as_agent(user: User, number: str) -> Ticket:
    if not is_agent(user):
        raise Http404("No such ticket")
    return _by_number(tickets_for_agent(user), number)


def access_ticket_as_contact(contact: Contact | None, number: str) -> Ticket:
    if contact is None:
        raise Http404("No such ticket")
    ticket = _by_number(Ticket.objects.all(), number)
    if not contact_can_see(contact, ticket):
        raise Http404("No such ticket")
    return ticket


def guest_token(ticket: Ticket, contact: Contact) -> str:
    """A signed, unguessable key that lets ``contact`` follow ``ticket`` without an account."""
    payload = {"t": ticket.pk, "c": contact.pk}
    if ticket.guest_link_generation:
        payload["g"] = ticket.guest_link_generation  # links made before a revocation no longer open
    return signing.dumps(payload, salt=GUEST_LINK_SALT, compress=True)


class GuestLinkExpired(Http404):
    """A genuine, unrevoked guest link past its age: a 404 to every caller that only asks "may I?",
    and to the portal the cue to offer a fresh link (sent to the ticket's own address, never shown)."""


def _guest_link(token: str, max_age: int | None) -> tuple[Ticket, Contact]:
    try:
        payload = signing.loads(token, salt=GUEST_LINK_SALT, max_age=max_age)
        ticket = Ticket.objects.select_related("department", "category", "requester", "assignee").get(
            pk=int(payload["t"])
        )
        contact = Contact.objects.get(pk=int(payload["c"]))
        generation = int(payload.get("g", 0))
    except signing.SignatureExpired:
        raise
    except (signing.BadSignature, KeyError, TypeError, ValueError, Ticket.DoesNotExist, Contact.DoesNotExist):
        raise Http404("No such ticket") from None
    if generation != ticket.guest_link_generation:
        raise Http404("No such ticket")  # revoked
    if not contact_can_see(contact, ticket):
        raise Http404("No such ticket")
    return ticket, contact


def access_ticket_by_token(token: str) -> tuple[Ticket, Contact]:
    """The ticket and contact of a guest link; ``GuestLinkExpired`` (a 404) for a genuine one past its age."""
    try:
        # Links expire (they travel in mailboxes and logs); the holder may have a fresh one sent (expired_guest_link).
        return _guest_link(token, max_age=settings.HOTRO_GUEST_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        expired_guest_link(token)  # a 404 when the expired link was also revoked or no longer fits
        raise GuestLinkExpired("Guest link expired") from None


def expired_guest_link(token: str) -> tuple[Ticket, Contact]:
    """The ticket and contact of a genuine, unrevoked guest link whatever its age; else ``Http404``.

    Only for sending a fresh link to the contact's own address: an old link never opens the ticket.
    """
    try:
        return _guest_link(token, max_age=None)
    except signing.SignatureExpired:  # pragma: no cover - no age limit asked
        raise Http404("No such ticket") from None


def account_may_see_tickets(user: User) -> bool:
    """A customer account reads tickets once its address is verified (see the module's note)."""
    return bool(user.is_authenticated and user.email_verified)


def tickets_for_account(user: User) -> QuerySet[Ticket]:
    """The tickets a signed-in customer account may list (none while its address is unproven)."""
    if not account_may_see_tickets(user):
        return Ticket.objects.none()
    contact = contact_for_user(user)
    # A ticket opened anonymously with this address waits for its guest link to be followed.
    return tickets_for_contact(contact).exclude(requester=contact, requester_confirmed=False)


def access_ticket_as_account(user: User, number: str) -> tuple[Ticket, Contact]:
    """A signed-in customer's ticket ``number``, and the contact they read it as; anything else is a 404."""
    if not account_may_see_tickets(user):
        raise Http404("No such ticket")
    contact = contact_for_user(user)
    ticket = access_ticket_as_contact(contact, number)
    if not account_sees(contact, ticket):
        raise Http404("No such ticket")
    return ticket, contact


def account_sees(contact: Contact, ticket: Ticket) -> bool:
    """An account reads a ticket it may see, except one opened anonymously in its name and not yet confirmed."""
    return ticket.requester_confirmed or ticket.requester_id != contact.pk


def may_download(user: User | object, attachment: Attachment, token: str = "") -> bool:
    """Agents of the ticket's department; else the customers who may read the ticket, never a note's file.

    ``token`` is a guest link's, for a customer following the ticket without an account.
    """
    ticket = attachment.ticket
    if is_agent(user) and agent_can_work_in(user, ticket.department):
        return True
    if attachment.message.internal:
        return False  # internal notes never reach a customer, whatever link they hold
    if token:
        try:
            token_ticket, _contact = access_ticket_by_token(token)
        except Http404:
            return False
        return token_ticket.pk == ticket.pk
    if isinstance(user, User) and account_may_see_tickets(user):
        contact = Contact.objects.filter(user=user).first()
        return contact is not None and contact_can_see(contact, ticket) and account_sees(contact, ticket)
    return False
