"""``{% load console_rows %}{% ticket_rows page.rows %}``: a list's rows (``hotro.console.rows``).

The view puts the reader's ``RowContext`` in the template context as ``row_context``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from hotro.console.rows import RowContext
from hotro.console.rows import ticket_rows as render_rows
from hotro.desk.models import Ticket

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_rows(context: dict[str, Any], tickets: Iterable[Ticket]) -> SafeString:
    row_context: RowContext = context["row_context"]
    return render_rows(
        row_context, tickets, show_claim=bool(context.get("show_claim")), selectable=bool(context.get("bulk_form"))
    )
