"""Search beyond tickets: each app with searchable records of its own (chats) registers a finder.

The console's search page shows tickets first, then what every finder found for the same
words. A finder gets the raw query and the departments the searching agent works in
(``None``: every department), and returns only what that agent may see.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class Found:
    at: datetime
    title: str
    text: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Finder:
    key: str
    label: str | Promise  # the results' heading: "Chats"
    find: Callable[[str, Collection[int] | None, int], list[Found]]


_finders: dict[str, Finder] = {}


def register(key: str, label: str | Promise, find: Callable[[str, Collection[int] | None, int], list[Found]]) -> None:
    _finders[key] = Finder(key, label, find)


def find_all(query: str, departments: Collection[int] | None, limit: int = 20) -> list[tuple[Finder, list[Found]]]:
    """Each finder with what it found (finders that found nothing are left out)."""
    results = [(finder, finder.find(query, departments, limit)) for finder in _finders.values()]
    return [(finder, found) for finder, found in results if found]
