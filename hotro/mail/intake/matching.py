"""Which ticket a message belongs to, and which department a new one goes to.

Threading tries, in order (each a stronger signal than the next):

1. In-Reply-To / References naming one of our outgoing Message-IDs, the
   ticket's root id ``<CM-000123@HOTRO_MAIL_DOMAIN>``, or an inbound
   message already stored on a ticket;
2. the ticket token ``[CM-000123]`` anywhere in the subject;
3. a plus address ``support+CM-000123@…`` among the recipients.

Finding a ticket is not permission to write to it: ``process`` checks that
the sender is the requester or a CC.

The database is asked twice at most: ``look_up`` finds, in one query, where the
message's own Message-ID and every Message-ID it cites were seen before (our
outbox, ticket messages, earlier copies), and ``find_ticket`` loads the
candidate tickets of all three rules at once, then applies the rules in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.models import Model

from hotro.core import sql
from hotro.core.models import OutboundMessage
from hotro.desk.models import Department, Message, Ticket
from hotro.desk.services import departments
from hotro.mail.inbound import ParsedMail
from hotro.mail.models import InboundMail, InboundStatus

# Stored copies that count as "already received" (a failed or unprocessed copy does not).
DONE_STATUSES = (InboundStatus.PROCESSED, InboundStatus.IGNORED, InboundStatus.BOUNCE)

# Where a Message-ID was seen, in ``look_up``'s one query.
_COPY, _TICKET_MESSAGE, _OUTBOX = 0, 1, 2


@dataclass(frozen=True)
class Match:
    ticket: Ticket
    how: str  # "header", "subject" or "address", for the audit trail


@dataclass(frozen=True)
class Sightings:
    """Where the message's own Message-ID and the ones it cites were seen before."""

    # The message's own Message-ID was handled before (another copy of the same mail): on which ticket.
    earlier_copy: bool = False
    earlier_ticket_id: int | None = None
    # A cited Message-ID -> the ticket of our outgoing mail / of the oldest ticket message that has it.
    outbound: dict[str, int | None] = field(default_factory=dict)
    inbound: dict[str, int | None] = field(default_factory=dict)


@lru_cache(maxsize=8)
def _patterns(prefix: str, domain: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Subject token, plus address and root Message-ID patterns for a ticket prefix (compiled once)."""
    escaped = re.escape(prefix)
    return (
        re.compile(rf"\[\s*{escaped}-(\d{{1,12}})\s*\]", re.I),
        re.compile(rf"^[^@+]+\+{escaped}-(\d{{1,12}})@", re.I),
        re.compile(rf"^<{escaped}-(\d{{1,12}})@{re.escape(domain)}>$", re.I),
    )


def _subject_re() -> re.Pattern[str]:
    return _patterns(settings.HOTRO_TICKET_PREFIX, settings.HOTRO_MAIL_DOMAIN)[0]


def _plus_re() -> re.Pattern[str]:
    return _patterns(settings.HOTRO_TICKET_PREFIX, settings.HOTRO_MAIL_DOMAIN)[1]


def _root_re() -> re.Pattern[str]:
    return _patterns(settings.HOTRO_TICKET_PREFIX, settings.HOTRO_MAIL_DOMAIN)[2]


def tickets(pks: Iterable[int | None]) -> dict[int, Ticket]:
    """The tickets with these ids that exist, with department and requester, in one query."""
    wanted = {int(pk) for pk in pks if pk is not None}
    if not wanted:
        return {}
    return {t.pk: t for t in Ticket.objects.select_related("department", "requester").filter(pk__in=wanted)}


def referenced_ids(parsed: ParsedMail) -> list[str]:
    """In-Reply-To first, then References from the newest back: the nearest parent wins."""
    ids: list[str] = []
    for message_id in [parsed.in_reply_to, *reversed(parsed.references)]:
        if message_id and message_id[:255] not in ids:
            ids.append(message_id[:255])
    return ids


def look_up(parsed: ParsedMail, *, exclude_pk: int | None = None) -> Sightings:
    """One query: earlier copies of this Message-ID, and the tickets of the Message-IDs it cites.

    An earlier copy is a stored message with the same Message-ID that was handled
    (``DONE_STATUSES``; ``exclude_pk`` is the row being processed), or a ticket
    message that has it.
    """
    own = (parsed.message_id or "")[:255]
    cited = referenced_ids(parsed)
    if not own and not cited:
        return Sightings()
    statement, params = _look_up_sql(own, cited, exclude_pk)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    copies: list[int | None] = []  # tickets of earlier copies, oldest first
    outbound: dict[str, int | None] = {}
    inbound: dict[str, int | None] = {}
    for source, message_id, ticket_id, _ in sorted(rows, key=lambda row: (row[0], row[3])):
        if source == _OUTBOX:
            outbound.setdefault(message_id, ticket_id)
            continue
        if message_id == own:  # stored copies first (sorted by source), then ticket messages
            copies.append(ticket_id)
        if source == _TICKET_MESSAGE and message_id in cited:
            inbound.setdefault(message_id, ticket_id)
    return Sightings(
        earlier_copy=bool(copies),
        earlier_ticket_id=copies[0] if copies else None,
        outbound=outbound,
        inbound=inbound,
    )


def _look_up_sql(own: str, cited: list[str], exclude_pk: int | None) -> tuple[str, list[str | int]]:
    """``look_up``'s UNION ALL of up to three indexed lookups, rows (source, Message-ID, ticket id, row id).

    Written as SQL because it runs for every message and the ORM spends over ten times
    more building the same UNION than the database spends answering it (the benchmark,
    ``bench/mail_ingest.py``). Table and column names come from the models.
    """
    parts: list[str] = []
    params: list[str | int] = []
    if own:
        statuses = ", ".join(["%s"] * len(DONE_STATUSES))
        where = f"{sql.column(InboundMail, 'message_id')} = %s AND {sql.column(InboundMail, 'status')} IN ({statuses})"
        params += [own, *DONE_STATUSES]
        if exclude_pk is not None:
            where += f" AND {sql.column(InboundMail, 'id')} <> %s"
            params.append(exclude_pk)
        parts.append(_select(InboundMail, _COPY, "message_id", where))
    ids = [own, *cited] if own else cited
    parts.append(_select(Message, _TICKET_MESSAGE, "email_message_id", _among(Message, "email_message_id", ids)))
    params += ids
    if cited:
        parts.append(_select(OutboundMessage, _OUTBOX, "message_id", _among(OutboundMessage, "message_id", cited)))
        params += cited
    return " UNION ALL ".join(parts), params


def _select(model: type[Model], source: int, id_field: str, where: str) -> str:
    columns = ", ".join(sql.column(model, name) for name in (id_field, "ticket", "id"))
    return f"SELECT {source}, {columns} FROM {sql.table(model)} WHERE {where}"  # noqa: S608 - names from the models, values as parameters


def _among(model: type[Model], name: str, values: list[str]) -> str:
    return f"{sql.column(model, name)} IN ({', '.join(['%s'] * len(values))})"


def cites_our_mail(parsed: ParsedMail, ticket: Ticket) -> bool:
    """Does the message answer one of our random outgoing Message-IDs for ``ticket``?

    Ticket numbers (subject tags, plus-addresses, root ids) are sequential and can be
    guessed; only a real outgoing Message-ID shows the sender received the mail.
    """
    ids = referenced_ids(parsed)
    return bool(ids) and OutboundMessage.objects.filter(ticket=ticket, message_id__in=ids).exists()


def recipients(parsed: ParsedMail) -> list[str]:
    """To, Cc, Reply-To and the envelope's Delivered-To / X-Original-To / Envelope-To, lower-cased."""
    found = [*parsed.to, *parsed.cc]
    if parsed.reply_to:
        found.append(parsed.reply_to)
    found.extend(parsed.envelope_to)
    return list(dict.fromkeys(a.lower() for a in found if a))


def _candidates(parsed: ParsedMail, seen: Sightings, addresses_: Iterable[str]) -> list[tuple[str, int | None]]:
    """Every ticket id the three rules point at, strongest first, as (rule, ticket id)."""
    found: list[tuple[str, int | None]] = []
    root_re, subject_re, plus_re = _root_re(), _subject_re(), _plus_re()
    for message_id in referenced_ids(parsed):
        root = root_re.match(message_id)
        if root:
            found.append(("header", int(root.group(1))))
        if message_id in seen.outbound:
            found.append(("header", seen.outbound[message_id]))
        if message_id in seen.inbound:
            found.append(("header", seen.inbound[message_id]))
    found += [("subject", int(number)) for number in subject_re.findall(parsed.subject or "")]
    for address in addresses_:
        plus = plus_re.match(address)
        if plus:
            found.append(("address", int(plus.group(1))))
    return found


def find_ticket(
    parsed: ParsedMail, seen: Sightings | None = None, addresses_: Iterable[str] | None = None
) -> Match | None:
    """The ticket of the strongest rule that names an existing one (``seen``: from ``look_up``)."""
    seen = seen if seen is not None else look_up(parsed)
    candidates = _candidates(parsed, seen, recipients(parsed) if addresses_ is None else addresses_)
    existing = tickets(pk for _, pk in candidates)
    for how, pk in candidates:
        if pk is not None and pk in existing:
            return Match(existing[pk], how)
    return None


def _without_plus(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def department_for(addresses_: Iterable[str], preferred: Department | None = None) -> Department | None:
    """The asked-for department, else the one whose address received the mail, else the default."""
    if preferred is not None and preferred.active:
        return preferred
    active = [d for d in departments.all_departments() if d.active]
    by_email = {d.email.lower(): d for d in active if d.email}
    for address in addresses_:
        department = by_email.get(address) or by_email.get(_without_plus(address))
        if department is not None:
            return department
    return next((d for d in active if d.slug == settings.HOTRO_MAIL_DEFAULT_DEPARTMENT), None)


def own_addresses() -> set[str]:
    """Addresses we send from; mail from them is our own, echoed back (a loop), never a ticket."""
    own = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(), parseaddr(settings.SERVER_EMAIL)[1].lower()}
    own.update(d.email.lower() for d in departments.all_departments() if d.email)
    return {address for address in own if address}
