"""Template tags of customer satisfaction, for the templates of other apps (no view of theirs imports us).

- ``{% rating_invite ticket as invite %}`` (resolution and closing emails): the three signed one-click URLs,
  or ``None`` when the ticket's answer can no longer be changed.
- ``{% portal_rating %}`` (the portal's ticket page, context ``item`` and ``ticket``): the choice and the
  current answer, for the ticket's requester once it is resolved or closed.
- ``{% console_rating ticket %}`` (the console's ticket page): the answer and the follow-up button.
"""

from __future__ import annotations

from typing import Any

from django import template

from hotro.desk.models import Ticket
from hotro.satisfaction import services
from hotro.satisfaction.links import rating_urls
from hotro.satisfaction.models import choices

register = template.Library()


@register.simple_tag
def rating_invite(ticket: Ticket) -> dict[str, Any] | None:
    rating = services.rating_of(ticket)
    if not services.change_window_open(rating):
        return None
    urls = rating_urls(ticket)
    return {"choices": [(value, label, face, urls[value]) for value, label, face in choices()], "rating": rating}


@register.inclusion_tag("satisfaction/_portal_rating.html", takes_context=True)
def portal_rating(context: template.Context) -> dict[str, Any]:
    item, ticket = context.get("item"), context.get("ticket")  # the page's PortalTicket and its Ticket
    if item is None or not isinstance(ticket, Ticket) or not services.may_rate(ticket, item.contact):
        return {"shown": False}
    rating = services.rating_of(ticket)
    return {
        "shown": True,
        "ticket": ticket,
        "rating": rating,
        "open": services.change_window_open(rating),
        "until": services.changeable_until(rating) if rating is not None else None,
        "action": item.url("rate"),
        "choices": choices(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("satisfaction/_console_rating_box.html", takes_context=True)
def console_rating(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    rating = services.rating_of(ticket)
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "ticket": ticket,
        "rating": rating,
        "may_follow_up": rating is not None and user is not None and services.may_follow_up(user, rating),
        "csrf_token": context.get("csrf_token"),
    }
