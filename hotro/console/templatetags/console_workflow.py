"""Working together on the console's pages, in tags so the shared templates need one line each.

``{% saved_views as views %}``: the agent's saved views (hotro.workspace; kept in the cache).
``{% workflow_panel ticket %}``: the ticket page's customer panel, tags, links, merge and split.
"""

from __future__ import annotations

from typing import Any

from django import template

from hotro.console.access import signed_in_agent
from hotro.console.customer_panel import customer_panel
from hotro.console.views.workflow import message_choices
from hotro.console.workflow_forms import LinkForm, MergeForm, SplitForm, TagForm
from hotro.desk.models import Ticket
from hotro.desk.services import links_of, tags_of
from hotro.workspace.services import MenuItem, menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_views(context: dict[str, Any]) -> list[MenuItem]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_agent", False):
        return []
    return menu_for(user)


@register.inclusion_tag("console/workflow/_panel.html", takes_context=True)
def workflow_panel(context: dict[str, Any], ticket: Ticket) -> dict[str, Any]:
    request = context["request"]
    agent = signed_in_agent(request)
    merged = list(ticket.merged_tickets.only("pk").order_by("pk"))
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "ticket": ticket,
        "customer": customer_panel(ticket, agent),
        "tags": tags_of(ticket),
        "links": links_of(ticket, agent),
        "merged_here": [t.number for t in merged],
        "merged_into": ticket.merged_into.number if ticket.merged_into_id and ticket.merged_into else "",
        "merge_form": MergeForm(agent=agent, auto_id="merge-%s"),
        "split_form": SplitForm(message_choices=message_choices(ticket), auto_id="split-%s"),
        "link_form": LinkForm(agent=agent, auto_id="link-%s"),
        "tag_form": TagForm(),
    }
