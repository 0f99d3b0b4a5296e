"""The ticket state machine: which status moves are legal, in one place."""

from __future__ import annotations

from hotro.desk.models import Status

_ALLOWED: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.OPEN}),
}


def can_move(current: str, target: str) -> bool:
    return target in _ALLOWED.get(current, frozenset())


def allowed_targets(current: str) -> list[Status]:
    return [s for s in Status if s in _ALLOWED.get(current, frozenset())]
