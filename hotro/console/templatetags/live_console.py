"""The console header's live state: the bell's unread count and the agent's chosen presence."""

from __future__ import annotations

from typing import Any

from django import template

from hotro.alerts.services import BELL_CAP, unread_up_to
from hotro.desk.services import is_agent
from hotro.presence.models import Presence
from hotro.presence.services import chosen_status

register = template.Library()


@register.simple_tag
def live_state(user: object) -> dict[str, Any]:
    """Two small indexed queries per console page; the bell reads at most ``BELL_CAP`` + 1 ids of
    unread rows (alert_unread_idx) rather than counting them all."""
    if not is_agent(user):
        return {}
    unread = unread_up_to(user)
    return {
        "unread": unread,
        "unread_text": f"{BELL_CAP}+" if unread > BELL_CAP else str(unread),
        "presence": chosen_status(user.pk),
        "choices": Presence.choices,
    }
