"""The drop-down lists of the console's forms (departments, categories, agents), kept briefly per process.

They change a few times a year, yet the ticket page read them on every view: three
queries of the page's ten, and a fifth of its time. Each process keeps them for
``CHOICES_CACHE_SECONDS`` and drops them at once when a department, category, agent,
membership or user is saved in this process (other processes catch up within that
time). Only what is *shown* comes from here: a submitted choice is still checked
against the database by the form's queryset.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Q

from hotro.accounts.models import Role, User
from hotro.desk.models import Category, Department

CHOICES_CACHE_SECONDS = 30
_cache: dict[tuple[Any, ...], tuple[float, Any]] = {}
T = TypeVar("T")


def clear_choices_cache(**_signal_kwargs: object) -> None:
    _cache.clear()


def _kept(key: tuple[Any, ...], load: Callable[[], T]) -> T:
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < CHOICES_CACHE_SECONDS:
        return hit[1]
    value = load()
    _cache[key] = (now, value)
    return value


def departments() -> list[Department]:
    """Every department, active or not, in serving order."""
    return _kept(("departments",), lambda: list(Department.objects.order_by("rank", "slug")))


def categories() -> list[Category]:
    """Every category with its department, in the departments' serving order."""
    return _kept(
        ("categories",),
        lambda: list(Category.objects.select_related("department").order_by("department__rank", "rank", "pk")),
    )


def assignable_agents(department_id: int) -> list[tuple[int, str]]:
    """(user id, name) of who a ticket of this department may be given to: members, and administrators."""

    def load() -> list[tuple[int, str]]:
        users = (
            User.objects.filter(agent__active=True)
            .filter(Q(agent__departments=department_id) | Q(agent__role=Role.ADMIN) | Q(is_superuser=True))
            .distinct()
            .order_by("full_name", "email")
        )
        return [(user.pk, user.display_name) for user in users]

    return _kept(("assignable", department_id), load)


def agents_in(department_ids: frozenset[int]) -> list[tuple[int, str]]:
    """(user id, name) of the active agents of any of these departments (the queue's assignee filter)."""

    def load() -> list[tuple[int, str]]:
        users = (
            User.objects.filter(agent__active=True, agent__departments__in=department_ids)
            .distinct()
            .order_by("full_name", "email")
        )
        return [(user.pk, user.display_name) for user in users]

    return _kept(("agents_in", department_ids), load)
