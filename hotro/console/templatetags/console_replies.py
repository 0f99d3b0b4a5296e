"""``{% compose_tools ticket as tools %}``: what the reply box offers from ``hotro.replies`` on a ticket page.

The agent's signature in the ticket's department (previewed under the box, appended to public replies by
the reply view) and the department's macros; two small queries, the responses themselves are searched
on demand by the box's picker.
"""

from __future__ import annotations

from typing import Any

from django import template

from hotro.desk.models import Ticket
from hotro.replies import services as replies

register = template.Library()


@register.simple_tag(takes_context=True)
def compose_tools(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    user = context["request"].user
    return {
        "signature": replies.signature_text(user, ticket.department_id),
        "macros": list(replies.usable_macros(user, ticket.department).only("pk", "name")),
    }
