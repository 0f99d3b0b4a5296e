"""Presence: choosing a status, showing life, and asking who is online.

An agent is online when they chose "online" and an open console was seen within
``HOTRO_PRESENCE_STALE_SECONDS`` (90 s by default; consoles beat every 30 s).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from hotro.presence.models import AgentStatus, Presence

# Writes are skipped while the last sign of life is this fresh: a console that beats often, or an
# agent clicking through pages, costs one UPDATE per interval, not one per request.
SEEN_RESOLUTION = timedelta(seconds=15)


class PresenceError(ValueError):
    """An unknown status; the message says which ones exist."""


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "HOTRO_PRESENCE_STALE_SECONDS", 90))


def choose(agent_id: int, status: str) -> str:
    """Record the agent's chosen status (online, away, offline)."""
    if status not in Presence.values:
        raise PresenceError(f"unknown status {status!r}; one of {', '.join(Presence.values)}")
    AgentStatus.objects.update_or_create(agent_id=agent_id, defaults={"chosen": status})
    return status


def seen(agent_id: int, now: datetime | None = None) -> None:
    """An open console of this agent showed life."""
    now = now or timezone.now()
    updated = AgentStatus.objects.filter(
        Q(seen_at__isnull=True) | Q(seen_at__lt=now - SEEN_RESOLUTION), agent_id=agent_id
    ).update(seen_at=now)
    if not updated and not AgentStatus.objects.filter(agent_id=agent_id).exists():
        AgentStatus.objects.get_or_create(agent_id=agent_id, defaults={"seen_at": now})


def left(agent_id: int) -> None:
    """The agent signed out: offline at once rather than after the staleness window."""
    AgentStatus.objects.filter(agent_id=agent_id).update(seen_at=None)


def statuses(agent_ids: Iterable[int], now: datetime | None = None) -> dict[int, str]:
    """Each agent's effective status; agents never seen are offline."""
    ids = list(agent_ids)
    now = now or timezone.now()
    found = {
        row.agent_id: _effective(row, now)
        for row in AgentStatus.objects.filter(agent_id__in=ids).only("agent_id", "chosen", "seen_at")
    }
    return {agent_id: found.get(agent_id, Presence.OFFLINE.value) for agent_id in ids}


def chosen_status(agent_id: int) -> str:
    """What the agent chose (online by default), whether or not a console is open now: the
    console's selector shows it."""
    found = AgentStatus.objects.filter(agent_id=agent_id).values_list("chosen", flat=True).first()
    return found or Presence.ONLINE.value


def status_of(agent_id: int, now: datetime | None = None) -> str:
    return statuses([agent_id], now)[agent_id]


def online_agent_ids(candidate_ids: Iterable[int], now: datetime | None = None) -> set[int]:
    """Those of ``candidate_ids`` who take work now (automatic assignment asks this)."""
    now = now or timezone.now()
    return set(
        AgentStatus.objects.filter(
            agent_id__in=list(candidate_ids), chosen=Presence.ONLINE, seen_at__gte=now - stale_after()
        ).values_list("agent_id", flat=True)
    )


def _effective(row: AgentStatus, now: datetime) -> str:
    if row.chosen == Presence.OFFLINE or row.seen_at is None or row.seen_at < now - stale_after():
        return Presence.OFFLINE.value
    return row.chosen
