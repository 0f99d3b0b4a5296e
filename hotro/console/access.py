"""The console's door: only signed-in agents get through (``agent_required``, shared by every staff page)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from hotro.accounts.current import agent_required, signed_in_agent
from hotro.accounts.models import Role

__all__ = ["HtmxRequest", "agent_required", "sees_failed_items", "signed_in_agent"]


def sees_failed_items(user: object) -> bool:
    """Administrators and supervisors read and retry what the channels could not process (by role:
    read on every console page, it costs no query); an agent of one department must not read every
    channel's raw traffic."""
    agent = getattr(user, "agent", None)
    if agent is None or not agent.active:
        return False
    return bool(agent.is_admin or agent.role == Role.SUPERVISOR)


def sees_system_status(user: object) -> bool:
    """Administrators only: the status page shows every component of the desk and what to do about it."""
    agent = getattr(user, "agent", None)
    return bool(agent is not None and agent.active and agent.is_admin)


class HtmxRequest(HttpRequest):
    """A request as ``HtmxMiddleware`` leaves it, for views that read ``request.htmx``."""

    htmx: HtmxDetails
