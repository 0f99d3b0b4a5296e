"""The one error family of ``hotro.hours``.

Callers (SLA, chat, the portal, commands) catch ``HoursError`` and show its
message; the subclasses exist so tests and adapters can tell the cases apart.
"""

from __future__ import annotations

from django.utils.functional import Promise


class HoursError(Exception):
    """A business-hours question could not be answered. The message is safe to show."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NaiveDatetimeError(HoursError, ValueError):
    """A datetime without a time zone was passed: it would silently mean server-local time."""


class NeverOpenError(HoursError):
    """The calendar has no open time within the search horizon, so "next opening" has no answer."""


class CalendarNotFound(HoursError):
    """No calendar is configured for that department and channel."""
