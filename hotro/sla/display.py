"""How the console shows what is due: "in 1 h 20 min", "overdue 25 min", amber when warned, red when breached.

Wall-clock time to the due instant (the due instant itself was computed in business time),
from the ticket's stored ``sla_due_at``/``sla_warn_at`` so a list needs no calendar query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from html import escape

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hotro.desk.models import Ticket
from hotro.sla import compute
from hotro.sla.compute import Deadline


def format_span(span: timedelta) -> str:
    """A short duration: "25 min", "3 h 05 min", "2 d 4 h"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


@dataclass(frozen=True)
class DueBadge:
    state: str  # "ok", "warning", "breached", "paused" or "" (nothing due)
    text: str
    due_at: datetime | None


def due_badge(ticket: Ticket, now: datetime | None = None) -> DueBadge:
    now = now or timezone.now()
    if ticket.sla_due_at is None:
        if ticket.sla_paused_at is not None and ticket.is_active:
            return DueBadge("paused", _("paused"), None)
        return DueBadge("", "", None)
    value = Deadline(due=ticket.sla_due_at, warn=ticket.sla_warn_at or ticket.sla_due_at)
    state = compute.state_at(value, now)
    if state == compute.BREACHED:
        text = _("overdue %(span)s") % {"span": format_span(now - value.due)}
    else:
        text = _("in %(span)s") % {"span": format_span(value.due - now)}
    return DueBadge(state, text, value.due)


def due_badge_html(ticket: Ticket, now: datetime | None = None, zone: tzinfo | None = None) -> str:
    """Amber once warned, red once breached; the exact due time in the tooltip, in the agent's zone.

    A list passes ``now`` and ``zone`` once for all its rows: this runs 50 times a queue page.
    """
    badge = due_badge(ticket, now)
    if not badge.state:
        return ""
    if badge.due_at is None:
        return mark_safe(f'<span class="due due-{badge.state}">{escape(badge.text)}</span>')  # noqa: S308
    local = badge.due_at.astimezone(zone or timezone.get_current_timezone())
    return mark_safe(  # noqa: S308 - the text is escaped, the rest are our own words and digits
        f'<time class="due due-{badge.state}" datetime="{badge.due_at.isoformat()}" '
        f'title="{local:%H:%M %d/%m/%Y}">{escape(badge.text)}</time>'
    )
