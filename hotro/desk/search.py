"""Ticket search: accent- and case-insensitive, the same results on SQLite and PostgreSQL.

How it works
------------
Every ticket carries two denormalised, *normalised* texts (``hotro.desk.models.Ticket``):

- ``search_text``: the requester's name, email and phone, the subject and every public
  message, in order — what the customer saw and wrote;
- ``search_notes``: the internal notes — agents only.

``normalise`` makes both sides comparable in plain Python, so no database extension
decides what matches: case-folded, accents and tone marks dropped (``hỗ trợ`` →
``ho tro``), ``đ`` → ``d``, every run of punctuation or spaces one space. A stored
document starts and ends with a space, so a query word ``w`` is the substring
``" w"`` (a word prefix: ``ngu`` finds ``Nguyễn``) and a quoted phrase ``"a b"`` is
``" a b "`` (whole words, in order). A query matches a ticket when *every* term is
in ``search_text`` (or, for agents, in ``search_notes``) — ``LIKE '% w%'``: on
PostgreSQL a trigram GIN index on each column answers it (migration
``0005_search_trigram_indexes``, extension ``pg_trgm``); SQLite scans.

A query that is a ticket number (``CM-000123``, ``123``) also finds that ticket, and
one that is a phone number in any spelling (``096.929.75.79``) finds its owner's.
``tag:ssl`` keeps the tickets tagged ``ssl`` (every ``tag:`` word must hold; the name is
normalised as tags are, ``hotro.desk.models.normalise_tag_name``); the other words search as usual.

Limits, on purpose: each document keeps its first ``DOCUMENT_MAX_CHARS`` characters
(later text of a very long thread is not searchable); a query uses its first
``MAX_TERMS`` terms. The ticket number is not in the document (the number match
covers it). Attachment names and CCs are not indexed.

Upkeep: the desk services write the documents themselves, in the statements they
already run: ``open_ticket`` inserts the ticket with them (``opening_documents``),
and each service that adds a message appends it (``add_message``) to the ticket
it holds locked and saves it with its own update. A receiver below (connected in
``DeskConfig.ready``) rebuilds a contact's tickets when their name, email or phone
changes; ``manage.py reindex_search`` rebuilds them all. A seeder that writes rows
directly fills the columns with ``ticket_document`` / ``notes_document``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_save
from django.utils import timezone

from hotro.accounts.models import Contact, User
from hotro.desk.models import Department, Message, Ticket, TicketTag, normalise_tag_name

DOCUMENT_MAX_CHARS = 20_000
MAX_QUERY_CHARS = 250
MAX_TERMS = 8
REBUILD_BATCH = 200

_NOT_WORD = re.compile(r"[\W_]+")
_PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{9,20}$")
_QUOTED_OR_WORD = re.compile(r'"([^"]*)"?|(\S+)')
_TAG_PREFIX = "tag:"


# --- Normalising -----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Comparable form of ``text``: ``"Nguyễn Văn-A  đăng ký!"`` → ``"nguyen van a dang ky"``.

    Case-folded, decomposed (NFKD: full-width digits become ASCII), combining marks
    dropped, ``đ`` → ``d``, and every run of non-word characters one space. Pure
    Python, so it is the same on every database; the bench seeder calls it too.
    """
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("đ", "d")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def append(document: str, text: str, limit: int = DOCUMENT_MAX_CHARS) -> str:
    """``document`` with ``text`` added at the end, normalised and capped at ``limit`` characters.

    Documents are built only by folding this over their parts, so appending one
    message gives exactly what a rebuild gives. A cut falls between words.
    """
    words = normalise(text)
    if not words:
        return document
    grown = (document or " ") + words + " "
    if len(grown) <= limit:
        return grown
    cut = grown[:limit]
    return cut[: cut.rfind(" ") + 1]


def _phone_forms(phone: str) -> list[str]:
    """``+84969297579`` is also found as ``0969297579``, the way Vietnamese write it."""
    digits = normalise(phone).replace(" ", "")
    if not digits:
        return []
    return [digits, "0" + digits[2:]] if digits.startswith("84") and phone.strip().startswith("+") else [digits]


def people_document(name: str, email: str, phone: str) -> str:
    """The start of a ticket's ``search_text``: who asked."""
    document = ""
    for part in (name, email, *_phone_forms(phone)):
        document = append(document, part)
    return document


def ticket_document(*, name: str, email: str, phone: str, subject: str, public_bodies: Iterable[str]) -> str:
    """``Ticket.search_text``: requester, subject, then the public messages in order."""
    document = append(people_document(name, email, phone), subject)
    for body in public_bodies:
        document = append(document, body)
    return document


def notes_document(note_bodies: Iterable[str]) -> str:
    """``Ticket.search_notes``: the internal notes in order."""
    document = ""
    for body in note_bodies:
        document = append(document, body)
    return document


# --- Queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A parsed search: substrings that must all match, plus a direct number or phone match."""

    terms: tuple[str, ...] = ()
    number: int | None = None
    phone: str = ""
    tags: tuple[str, ...] = ()  # normalised tag names, all required (``tag:ssl``)

    @property
    def is_empty(self) -> bool:
        """Nothing searchable (blank, or only punctuation): the result is empty, not an error."""
        return not (self.terms or self.number or self.phone or self.tags)


def _phone_term(raw: str) -> str:
    if not _PHONE_LIKE.match(raw):
        return ""
    from hotro.accounts.services import AccountError, normalise_phone

    try:
        e164 = normalise_phone(raw)
    except AccountError:
        return ""
    return f" {e164.lstrip('+')} "


def parse_query(raw: str) -> Query:
    """Words (each a word prefix) and ``"quoted phrases"`` (whole words in order), all required."""
    raw = (raw or "").strip()[:MAX_QUERY_CHARS]
    terms: list[str] = []
    tags: list[str] = []
    for match in _QUOTED_OR_WORD.finditer(raw):
        phrase, word = match.groups()
        if word is not None and word.casefold().startswith(_TAG_PREFIX):
            tag = normalise_tag_name(word[len(_TAG_PREFIX) :])
            if tag and tag not in tags:
                tags.append(tag)
            continue
        text = normalise(phrase if phrase is not None else word)
        if not text:
            continue
        term = f" {text} " if phrase is not None else f" {text}"
        if term not in terms:
            terms.append(term)
    return Query(
        terms=tuple(terms[:MAX_TERMS]),
        number=Ticket.pk_from_number(raw.removeprefix("#")),
        phone=_phone_term(raw),
        tags=tuple(tags[:MAX_TERMS]),
    )


def matching(qs: QuerySet[Ticket], query: Query | str, *, include_notes: bool) -> QuerySet[Ticket]:
    """The tickets of ``qs`` that ``query`` finds; internal notes count only if ``include_notes``.

    Callers pass a queryset already limited to what the reader may see
    (``tickets_for_agent``, ``tickets_for_contact``): search never widens access.
    """
    if isinstance(query, str):
        query = parse_query(query)
    if query.is_empty:
        return qs.none()
    for tag in query.tags:  # one semi-join per tag: EXISTS (ticket_tag JOIN tag WHERE name = ?)
        qs = qs.filter(pk__in=TicketTag.objects.filter(tag__name=tag).values("ticket_id"))
    if not (query.terms or query.number or query.phone):
        return qs  # tags alone
    found = Q(pk__in=[])
    if query.terms:
        every_term = Q()
        for term in query.terms:
            one = Q(search_text__contains=term)
            if include_notes:
                one |= Q(search_notes__contains=term)
            every_term &= one
        found |= every_term
    if query.number is not None:
        found |= Q(pk=query.number)
    if query.phone:
        found |= Q(search_text__contains=query.phone)
    return qs.filter(found)


@dataclass(frozen=True)
class Filters:
    """The agents' search filters; empty values mean "any". Dates are local days, both inclusive."""

    department: Department | None = None
    status: str = ""
    channel: str = ""
    assignee: str = ""  # "me", "none" or an agent's id
    created_from: dt.date | None = None
    created_to: dt.date | None = None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def narrow(qs: QuerySet[Ticket], filters: Filters, user: User) -> QuerySet[Ticket]:
    if filters.department is not None:
        qs = qs.filter(department=filters.department)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.assignee == "me":
        qs = qs.filter(assignee=user)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee:
        qs = qs.filter(assignee_id=int(filters.assignee))
    if filters.created_from:
        qs = qs.filter(created_at__gte=_start_of(filters.created_from))
    if filters.created_to:
        qs = qs.filter(created_at__lt=_start_of(filters.created_to + dt.timedelta(days=1)))
    return qs


def latest_activity_first(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    # Uses ticket_recent_idx when the terms are common and the first page fills quickly.
    return qs.order_by("-updated_at", "-pk")


# --- Keeping the documents up to date --------------------------------------------------------


def _batches(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def rebuild(ticket_ids: Iterable[int], *, ticket_model: Any = Ticket, message_model: Any = Message) -> int:
    """Recompute both documents of these tickets from the database; returns how many were written.

    Each batch locks its tickets' rows, as the desk services do before adding a message,
    so a message added meanwhile is never lost. The model classes are parameters so a
    data migration can pass its historical models.
    """
    ids = sorted(set(ticket_ids))
    written = 0
    for chunk in _batches(ids, REBUILD_BATCH):
        with transaction.atomic():
            written += _rebuild_batch(chunk, ticket_model, message_model)
    return written


def _rebuild_batch(chunk: Sequence[int], ticket_model: Any, message_model: Any) -> int:
    tickets = list(
        ticket_model.objects.filter(pk__in=chunk)
        .select_for_update(of=("self",))
        .select_related("requester")
        .only("pk", "subject", "requester__name", "requester__email", "requester__phone")
    )
    public: dict[int, list[str]] = {}
    notes: dict[int, list[str]] = {}
    rows = (
        message_model.objects.filter(ticket_id__in=chunk)
        .order_by("ticket_id", "created_at", "id")
        .values_list("ticket_id", "internal", "body_text")
    )
    for ticket_id, internal, body in rows.iterator(chunk_size=500):
        (notes if internal else public).setdefault(ticket_id, []).append(body)
    for ticket in tickets:
        requester = ticket.requester
        ticket.search_text = ticket_document(
            name=requester.name,
            email=requester.email,
            phone=requester.phone,
            subject=ticket.subject,
            public_bodies=public.get(ticket.pk, ()),
        )
        ticket.search_notes = notes_document(notes.get(ticket.pk, ()))
    ticket_model.objects.bulk_update(tickets, ["search_text", "search_notes"])
    return len(tickets)


def document_field(internal: bool) -> str:
    """Where a message goes: internal notes in ``search_notes``, everything else in ``search_text``."""
    return "search_notes" if internal else "search_text"


def opening_documents(requester: Contact, subject: str, first_body: str, *, internal: bool = False) -> dict[str, str]:
    """Both documents of a ticket being opened with its first message; ``open_ticket`` writes them with the row."""
    values = {
        "search_text": ticket_document(
            name=requester.name, email=requester.email, phone=requester.phone, subject=subject, public_bodies=()
        ),
        "search_notes": "",
    }
    field = document_field(internal)
    values[field] = append(values[field], first_body)
    return values


def add_message(ticket: Ticket, message: Message) -> list[str]:
    """Append ``message`` to the ticket's document, on the instance; returns the field to save ([] if unchanged).

    The desk services call it on the ticket they hold locked (``rules.locked(ticket, document=...)``
    loads the document with the lock) and save the field with their own update of the ticket.
    """
    field = document_field(message.internal)
    current = getattr(ticket, field)  # read now if the ticket was loaded without it
    grown = append(current, message.body_text)
    if grown == current:
        return []
    setattr(ticket, field, grown)
    return [field]


def on_contact_saved(sender: Any, *, instance: Contact, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A new name, email or phone: rebuild the tickets whose document starts with the old one."""
    update_fields = kwargs.get("update_fields")
    if created or raw or (update_fields is not None and not {"name", "email", "phone"} & set(update_fields)):
        return
    prefix = people_document(instance.name, instance.email, instance.phone)
    stale = Ticket.objects.filter(requester=instance).exclude(search_text__startswith=prefix)
    rebuild(list(stale.values_list("pk", flat=True)))


def connect() -> None:
    """Called from ``DeskConfig.ready``; the dispatch uid keeps a second call harmless."""
    post_save.connect(on_contact_saved, sender=Contact, dispatch_uid="hotro.desk.search.contact_saved")
