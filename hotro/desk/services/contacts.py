"""Merging two records of one customer (the same person wrote by SMS, then by email)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, ContactIdentity, User
from hotro.desk import events
from hotro.desk.errors import DeskError
from hotro.desk.models import AuditEvent, Message, Ticket
from hotro.desk.services.access import is_agent
from hotro.desk.services.audit import record


def merge_contacts(keep: Contact, other: Contact, by: User | None) -> Contact:
    """``other`` becomes ``keep``: its tickets (as requester and CC), messages, identities and history.

    ``keep``'s own details win; the blanks are filled from ``other`` (address, phone, name,
    sign-in account). ``other`` is deleted; one audit event on ``keep``'s tickets says so.
    ``by`` is the agent who merged (``None``: the system).
    """
    if by is not None and not is_agent(by):
        raise DeskError(_("Only agents can merge customers."), code="forbidden")
    if keep.pk == other.pk:
        raise DeskError(_("A customer cannot be merged with itself."), code="same")
    with transaction.atomic():
        # Both rows locked in id order, so two merges of the same pair cannot interleave.
        locked = {
            c.pk: c for c in Contact.objects.select_for_update().filter(pk__in=[keep.pk, other.pk]).order_by("pk")
        }
        if len(locked) != 2:
            raise DeskError(_("This customer no longer exists."), code="gone")
        keep, other = locked[keep.pk], locked[other.pk]
        if keep.user_id and other.user_id:
            raise DeskError(_("Both customers have a sign-in account; they cannot be merged."), code="two_accounts")
        moved = set(Ticket.objects.filter(requester=other).values_list("pk", flat=True))
        through = Ticket.ccs.through
        copied = set(through.objects.filter(contact=other).values_list("ticket_id", flat=True))
        Ticket.objects.filter(requester=other).update(requester=keep)
        already = set(through.objects.filter(contact=keep).values_list("ticket_id", flat=True))
        already |= set(Ticket.objects.filter(requester=keep, pk__in=copied).values_list("pk", flat=True))
        through.objects.filter(contact=other, ticket_id__in=already).delete()
        through.objects.filter(contact=other).update(contact=keep)
        through.objects.filter(contact=keep, ticket_id__in=moved).delete()  # now the requester of these
        Message.objects.filter(author_contact=other).update(author_contact=keep)
        AuditEvent.objects.filter(actor_contact=other).update(actor_contact=keep)
        ContactIdentity.objects.filter(contact=other).update(contact=keep)
        events.contacts_merging.send(sender=Contact, keep=keep, other=other, actor=by)
        details = {"email": other.email, "phone": other.phone, "name": other.name, "user_id": other.user_id}
        other_data = {"pk": other.pk, "email": other.email, "phone": other.phone, "name": other.name}
        other.delete()  # first: its address and account are unique, and move to ``keep`` below
        changed = [name for name, value in details.items() if value and not getattr(keep, name)]
        for name in changed:
            setattr(keep, name, details[name])
        if changed:
            keep.save(update_fields=changed)
        for ticket in Ticket.objects.filter(pk__in=moved | copied).order_by("pk"):
            record("desk.contact.merged", ticket, by, kept=keep.pk, merged=other_data)
        if not moved | copied:
            record("desk.contact.merged", None, by, kept=keep.pk, merged=other_data)
    return keep
