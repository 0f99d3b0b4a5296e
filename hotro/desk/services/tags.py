"""Tags on tickets: one list for the whole desk, created the first time an agent uses a name.

A name is normalised (``normalise_tag_name``: ``"SSL Cert"`` is ``ssl-cert``), so ``tag:ssl-cert`` in
a search finds it however it was typed. A new tag gets a colour from a small palette picked by its name;
administrators change colours in the admin. Adding and removing are audited on the ticket.
"""

from __future__ import annotations

import zlib

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk.errors import DeskError
from hotro.desk.models import Tag, Ticket, TicketTag, normalise_tag_name
from hotro.desk.services.audit import record
from hotro.desk.services.rules import locked, require_agent

# Readable with white text, distinct from the status and priority badges.
PALETTE = ("#1f6feb", "#8250df", "#bf3989", "#0a7d6c", "#9a6700", "#57606a", "#cf222e", "#1a7f37")


def colour_for(name: str) -> str:
    return PALETTE[zlib.crc32(name.encode()) % len(PALETTE)]


def tag_named(raw: str, *, create: bool) -> Tag | None:
    """The tag called ``raw`` (normalised); created when asked; ``DeskError`` for a name that cannot be one."""
    name = normalise_tag_name(raw)
    if not name:
        raise DeskError(
            _("A tag is 1 to 40 letters, digits or . + - _ (spaces become hyphens)."), field="tag", code="bad_tag"
        )
    tag = Tag.objects.filter(name=name).first()
    if tag is None and create:
        try:
            with transaction.atomic():
                tag = Tag.objects.create(name=name, colour=colour_for(name))
        except IntegrityError:  # another agent created it a moment ago
            tag = Tag.objects.get(name=name)
    return tag


def add_tag(ticket: Ticket, raw_name: str, agent: User) -> Tag:
    """Put tag ``raw_name`` on the ticket (created if new); adding one already there changes nothing."""
    tag = tag_named(raw_name, create=True)
    assert tag is not None  # created when missing
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        _row, created = TicketTag.objects.get_or_create(ticket=ticket, tag=tag)
        if created:
            ticket.save(update_fields=["updated_at"])
            record("desk.ticket.tag_added", ticket, agent, tag=tag.name)
    return tag


def remove_tag(ticket: Ticket, raw_name: str, agent: User) -> bool:
    """Take tag ``raw_name`` off the ticket; False when it was not there."""
    tag = tag_named(raw_name, create=False)
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        if tag is None:
            return False
        deleted, _rows = TicketTag.objects.filter(ticket=ticket, tag=tag).delete()
        if not deleted:
            return False
        ticket.save(update_fields=["updated_at"])
        record("desk.ticket.tag_removed", ticket, agent, tag=tag.name)
    return True


def tags_of(ticket: Ticket) -> list[Tag]:
    return list(Tag.objects.filter(ticket_tags__ticket=ticket).order_by("name"))
