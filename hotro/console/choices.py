"""The drop-down lists of the console's forms (departments, categories, agents), kept briefly per process.

They change a few times a year, yet the ticket page read them on every view: three
queries of the page's ten, and a fifth of its time. Each process keeps them for
30 seconds (``hotro.core.kept``) and drops them at once when a department, category, agent,
membership or user is saved in this process (other processes catch up within that
time). Only what is *shown* comes from here: a submitted choice is still checked
against the database by the form's queryset.
"""

from __future__ import annotations

from django.db.models import Q

from hotro.accounts.models import Role, User
from hotro.core.kept import Kept
from hotro.desk.models import Category, Department

choices = Kept("console-choices")  # watched models: ConsoleConfig.ready


def departments() -> list[Department]:
    """Every department, active or not, in serving order."""
    return choices.get(("departments",), lambda: list(Department.objects.order_by("rank", "slug")))


def categories() -> list[Category]:
    """Every category with its department, in the departments' serving order."""
    return choices.get(
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

    return choices.get(("assignable", department_id), load)


def agents_in(department_ids: frozenset[int]) -> list[tuple[int, str]]:
    """(user id, name) of the active agents of any of these departments (the queue's assignee filter)."""

    def load() -> list[tuple[int, str]]:
        users = (
            User.objects.filter(agent__active=True, agent__departments__in=department_ids)
            .distinct()
            .order_by("full_name", "email")
        )
        return [(user.pk, user.display_name) for user in users]

    return choices.get(("agents_in", department_ids), load)


def agent_names() -> dict[int, str]:
    """Display name of every user with an agent profile, active or not (who a row shows as assignee)."""
    return choices.get(
        ("agent_names",),
        lambda: {
            user.pk: user.display_name for user in User.objects.filter(agent__isnull=False).only("full_name", "email")
        },
    )
