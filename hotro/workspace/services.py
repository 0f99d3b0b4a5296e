"""Saving, listing and deleting an agent's saved views.

The console menu shows them on every console page: the list is kept in the cache per agent and
dropped when the agent saves or deletes one, so a page costs no query for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.workspace.models import SavedView

MAX_VIEWS = 30  # a menu, not an archive
CACHE_SECONDS = 3600
# The list pages a view may open: their filters are GET parameters, and they are safe to open again.
LIST_PAGES = frozenset(
    {"console:queue", "console:queue_department", "console:triage", "console:mine", "console:search"}
)
# Paging is where the agent was, not what they filter on.
_DROPPED_PARAMETERS = frozenset({"page"})


class WorkspaceError(Exception):
    """A refused change; the message is translated and safe to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class MenuItem:
    pk: int
    name: str
    url: str


def _key(user: User) -> str:
    return f"hotro:workspace:views:{user.pk}"


def clean_query(query: str) -> str:
    """The filters of a query string, re-encoded (nothing but parameters survives), paging dropped."""
    pairs = [(k, v) for k, v in parse_qsl(query or "", keep_blank_values=False) if k not in _DROPPED_PARAMETERS]
    return urlencode(pairs)[:1000]


def save_view(user: User, name: str, path: str, query: str) -> SavedView:
    """Keep the list page ``path`` with ``query`` under ``name``; the same name again replaces it."""
    name = " ".join((name or "").split())
    if not name:
        raise WorkspaceError(_("Give the view a name."), field="name")
    if len(name) > 60:
        raise WorkspaceError(_("The name is too long (at most 60 characters)."), field="name")
    try:
        match = resolve(path) if path.startswith("/") and not path.startswith("//") else None
    except Resolver404:
        match = None
    if match is None or match.view_name not in LIST_PAGES:
        raise WorkspaceError(_("Only a ticket list can be saved as a view."), field="path")
    with transaction.atomic():
        existing = SavedView.objects.filter(owner=user, name=name).first()
        if existing is None and SavedView.objects.filter(owner=user).count() >= MAX_VIEWS:
            raise WorkspaceError(_("You have %(count)d saved views; delete one first.") % {"count": MAX_VIEWS})
        try:
            view, _created = SavedView.objects.update_or_create(
                owner=user, name=name, defaults={"path": path, "query": clean_query(query)}
            )
        except IntegrityError:  # the same name saved twice at once
            raise WorkspaceError(_("A view with this name was just saved."), field="name") from None
    cache.delete(_key(user))
    return view


def delete_view(user: User, pk: int) -> bool:
    """Delete one of ``user``'s own views; False when there is no such view of theirs."""
    deleted, _rows = SavedView.objects.filter(owner=user, pk=pk).delete()
    cache.delete(_key(user))
    return bool(deleted)


def menu_for(user: User) -> list[MenuItem]:
    """The agent's views for the console menu, from the cache when it has them."""
    if user.pk is None:
        return []
    items: list[MenuItem] | None = cache.get(_key(user))
    if items is None:
        items = [MenuItem(v.pk, v.name, v.url) for v in SavedView.objects.filter(owner=user).order_by("name", "pk")]
        cache.set(_key(user), items, CACHE_SECONDS)
    return items
