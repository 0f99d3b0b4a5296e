"""What a token may see and do, built on the desk's access functions (never a check of our own).

A token acts as its agent: ``tickets_for_agent`` and ``access_ticket_as_agent`` decide, exactly as
in the console. An integration token is narrowed further to its departments. Internal notes:
an agent's token reads them (its agent works in the ticket's department, or it would not see the
ticket); an integration token only with the ``admin`` scope, since integrations usually feed
systems that customers or third parties can read.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.api.models import ApiToken, Scope, TokenKind
from hotro.api.problems import ApiProblem, not_found
from hotro.desk import services
from hotro.desk.models import Department, Ticket


def require(token: ApiToken, scope: str) -> None:
    if not token.has_scope(scope):
        raise ApiProblem(403, "insufficient_scope", _("This token lacks the %(scope)s scope.") % {"scope": scope})


def actor(token: ApiToken) -> User:
    """The agent the token acts as: the desk's services check and audit them."""
    return token.user


def bound_department_ids(token: ApiToken) -> set[int] | None:
    """The departments an integration token is bound to; None when it is not narrowed."""
    if token.all_departments:
        return None
    cached: set[int] | None = getattr(token, "_bound", None)
    if cached is None:
        cached = set(token.departments.values_list("pk", flat=True))
        token._bound = cached  # type: ignore[attr-defined]  # kept for the request
    return cached


def visible_tickets(token: ApiToken) -> QuerySet[Ticket]:
    tickets = services.tickets_for_agent(token.user)
    bound = bound_department_ids(token)
    return tickets if bound is None else tickets.filter(department_id__in=bound)


def may_use_department(token: ApiToken, department: Department) -> bool:
    bound = bound_department_ids(token)
    return services.agent_can_work_in(token.user, department) and (bound is None or department.pk in bound)


def visible_departments(token: ApiToken) -> list[Department]:
    return [d for d in Department.objects.all() if may_use_department(token, d)]


def ticket(token: ApiToken, number: str) -> Ticket:
    """The ticket ``number`` if this token may see it; a 404 problem otherwise, as for one that does not exist."""
    try:
        found = services.access_ticket_as_agent(token.user, number)
    except Http404:
        raise not_found(_("No such ticket.")) from None
    bound = bound_department_ids(token)
    if bound is not None and found.department_id not in bound:
        raise not_found(_("No such ticket."))
    return found


def reads_internal_notes(token: ApiToken) -> bool:
    return token.kind == TokenKind.PERSONAL or token.has_scope(Scope.ADMIN)
