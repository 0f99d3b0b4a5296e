"""Who hears about a ticket's SLA: its assignee and its department's supervisors."""

from __future__ import annotations

from hotro.accounts.models import User
from hotro.desk.models import Department


def supervisors(department: Department) -> list[User]:
    """Active agents who supervise ``department`` (``Membership.is_supervisor``), oldest first."""
    return list(
        User.objects.filter(
            is_active=True,
            agent__active=True,
            agent__membership__department=department,
            agent__membership__is_supervisor=True,
        )
        .order_by("pk")
        .distinct()
    )
