"""How the console shows what is due: "in 1 h 20 min", "overdue 25 min", amber when warned, red when breached.

Wall-clock time to the due instant (the due instant itself was computed in business time),
from the ticket's stored ``sla_due_at``/``sla_warn_at`` so a list needs no calendar query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from hotro.core.dates import local_formatter
from hotro.core.html import html_format
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


class DueBadges:
    """The due badges of one list: the time, the zone and the tooltip's format looked up once, not 50 times.

    ``now`` and ``zone`` default to the current ones; words and formats are the active language's.
    """

    def __init__(self, now: datetime | None = None, zone: tzinfo | None = None) -> None:
        self.now = now or timezone.now()
        # The exact due time, hour first ("14:30 16/02/2026"): what an agent plans the day by.
        self.due_time = local_formatter(f"{get_format('TIME_FORMAT')} {get_format('SHORT_DATE_FORMAT')}", zone)

    def html(self, ticket: Ticket) -> SafeString:
        """Amber once warned, red once breached; the exact due time in the tooltip."""
        badge = due_badge(ticket, self.now)
        if not badge.state:
            return SafeString()
        if badge.due_at is None:
            return html_format('<span class="due due-{state}">{text}</span>', state=badge.state, text=badge.text)
        return html_format(
            '<time class="due due-{state}" datetime="{at}" title="{local}">{text}</time>',
            state=badge.state,
            at=badge.due_at.isoformat(),
            local=self.due_time(badge.due_at),
            text=badge.text,
        )


def due_badge_html(ticket: Ticket, now: datetime | None = None, zone: tzinfo | None = None) -> SafeString:
    """One ticket's badge (its page); a list makes one ``DueBadges`` for all its rows."""
    return DueBadges(now, zone).html(ticket)
