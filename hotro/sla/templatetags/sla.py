"""``{% load sla %}{% sla_due ticket %}``: the due badge of a queue row or a ticket page."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hotro.desk.models import Ticket
from hotro.sla.display import due_badge

register = template.Library()


@register.simple_tag
def sla_due(ticket: Ticket) -> SafeString | str:
    """Amber once warned, red once breached; the exact due time in the tooltip, in the agent's zone."""
    badge = due_badge(ticket)
    if not badge.state:
        return ""
    if badge.due_at is None:
        return format_html('<span class="due due-{}">{}</span>', badge.state, badge.text)
    return format_html(
        '<time class="due due-{}" datetime="{}" title="{}">{}</time>',
        badge.state,
        badge.due_at.isoformat(),
        timezone.localtime(badge.due_at).strftime("%H:%M %d/%m/%Y"),
        badge.text,
    )
