"""``{% load sla %}{% sla_due ticket %}``: the due badge of a ticket page."""

from __future__ import annotations

from django import template

from hotro.desk.models import Ticket
from hotro.sla.display import due_badge_html

register = template.Library()


@register.simple_tag
def sla_due(ticket: Ticket) -> str:
    return due_badge_html(ticket)
