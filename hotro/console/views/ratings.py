"""The rating box's follow-up action: a thin adapter over ``hotro.satisfaction.services``, which decides who may."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.console.access import agent_required, signed_in_agent
from hotro.desk.services import DeskError, access_ticket_as_agent
from hotro.satisfaction import services as satisfaction
from hotro.satisfaction.errors import RatingError


@agent_required
@require_POST
def rating_follow_up(request: HttpRequest, number: str) -> HttpResponse:
    """Open (once) a new ticket for the customer who rated this one, in the rating's department."""
    agent = signed_in_agent(request)
    ticket = access_ticket_as_agent(agent, number)  # a ticket the agent may not see is a 404
    rating = satisfaction.rating_of(ticket)
    if rating is None:
        raise Http404("No rating")
    try:
        follow_up = satisfaction.open_follow_up(rating, agent)
    except RatingError as error:
        raise PermissionDenied(str(error.message)) from None
    except DeskError as error:  # the department no longer takes tickets
        messages.error(request, str(error.message))
        return redirect("console:ticket", number=ticket.number)
    messages.success(request, _("Follow-up ticket %(number)s is open.") % {"number": follow_up.number})
    return redirect("console:ticket", number=follow_up.number)
