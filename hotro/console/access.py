"""The console's door: only signed-in agents get through (``agent_required``, shared by every staff page)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from hotro.accounts.current import agent_required, signed_in_agent
from hotro.accounts.models import Role, User
from hotro.desk.models import Department
from hotro.desk.services import agent_department_ids, agent_departments

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


def sees_routing_settings(user: object) -> bool:
    """Whether the navigation links the automatic-assignment page: administrators and supervisors, by role (no
    query on every page); the page itself lists only the departments ``supervised_department_ids`` allows."""
    return sees_failed_items(user)


def supervised_department_ids(user: object) -> set[int] | None:
    """The departments whose shared settings (canned responses, macros, automatic assignment) this user keeps:
    every one for administrators (``None``), else those they supervise (``Membership.is_supervisor``)."""
    agent = getattr(user, "agent", None)
    if agent is None or not agent.active:
        return set()
    if agent.is_admin:
        return None
    return set(agent.membership_set.filter(is_supervisor=True).values_list("department_id", flat=True))


def supervises(user: object, department_id: int) -> bool:
    allowed = supervised_department_ids(user)
    return allowed is None or department_id in allowed


def sees_reports(user: object) -> bool:
    """Administrators and supervisors read the reports (by role, no query); an agent's own numbers are
    not a reason to read the whole team's."""
    agent = getattr(user, "agent", None)
    if agent is None or not agent.active:
        return False
    return bool(agent.is_admin or agent.role == Role.SUPERVISOR)


def report_departments(user: User) -> tuple[list[Department], bool]:
    """The departments whose numbers ``user`` reads, and whether that is every department: all of them
    for an administrator, the ones a supervisor belongs to otherwise (the desk's own membership rule)."""
    if agent_department_ids(user) is None:
        return list(Department.objects.all()), True
    return agent_departments(user), False


class HtmxRequest(HttpRequest):
    """A request as ``HtmxMiddleware`` leaves it, for views that read ``request.htmx``."""

    htmx: HtmxDetails
