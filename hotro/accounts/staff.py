"""Which accounts are staff, and in which role, for the rules that apply to staff sessions only
(the second factor, the idle timeout). Customers are never staff here."""

from __future__ import annotations

from hotro.accounts.models import Role


def staff_role(user: object) -> str | None:
    """The account's staff role: its active agent profile's, or "admin" for an account that can open the
    Django admin without one; None for a customer (or a deactivated agent, who cannot use the console)."""
    agent = getattr(user, "agent", None)  # a missing profile raises an AttributeError subclass: None
    if agent is not None and agent.active:
        return str(Role.ADMIN) if agent.is_admin else str(agent.role)
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return str(Role.ADMIN)
    return None


def is_staff_account(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and staff_role(user) is not None
