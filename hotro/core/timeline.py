"""One customer's history across every channel, for the console's contact page.

Each app that holds something a customer did (tickets, SMS, calls, chats) registers a
source from its ``ready``; the contact page asks them all and shows one list, newest
first. Apps stay independent of each other and of the console: a source sees only the
contact and the departments the viewing agent works in (``None``: every department),
and returns only what that agent may see.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from hotro.accounts.models import Contact


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # "ticket", "sms_in", "sms_out", "call", "chat": the page's icon and filter
    label: str | Promise  # what it was, in the viewer's language: "Incoming SMS"
    text: str  # a subject, an SMS's words, a call's notes
    ticket_number: str = ""  # the ticket it belongs to, linked on the page
    department: str = ""
    detail: str = ""  # a status, an outcome, a duration
    url: str = ""  # where the record itself is shown, when it has a page of its own (a chat's transcript)


Departments = Collection[int] | None
Source = Callable[["Contact", Departments, int], Iterable[Entry]]

_sources: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """``source(contact, departments, limit)`` yields at most ``limit`` entries, newest first."""
    _sources[key] = source


def for_contact(contact: Contact, departments: Departments, limit: int = 100) -> list[Entry]:
    """The contact's newest ``limit`` entries from every source, newest first."""
    streams = [list(source(contact, departments, limit)) for source in _sources.values()]
    return list(heapq.merge(*streams, key=lambda entry: entry.at, reverse=True))[:limit]
