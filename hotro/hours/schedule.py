"""Business-time arithmetic on a weekly schedule: the pure core, no database.

Everything that asks "is it open?", "when does it open?", "what is due when?"
ends up here, so the rules are written once:

- Open time is a set of half-open intervals ``[opening, closing)``. At exactly an
  opening instant the calendar is open; at exactly a closing instant it is closed.
- Intervals that touch (Monday 22:00-24:00 and Tuesday 00:00-06:00, or an
  always-open calendar) are one stretch of open time: there is no closing at
  midnight in between.
- ``add_business_time(s, t, 0)`` at a closed instant returns the next opening:
  the SLA clock of a ticket that arrives after hours starts then (P12).
  A positive duration that ends exactly where open time ends returns that
  closing instant ("due by close of business"), not the next opening.
- Arithmetic is done in UTC, so wall-clock quirks of the zone cannot skew a
  duration; results are returned in the schedule's zone (``+07:00`` for
  Asia/Ho_Chi_Minh).
- Naive datetimes are refused (``NaiveDatetimeError``): they would silently mean
  the server's local time.
- Searches look at most ``HORIZON_DAYS`` ahead for open time and raise
  ``NeverOpenError`` beyond; an open stretch longer than the horizon counts as
  "no closing in sight" (``next_closing`` returns ``None``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict, Unpack
from zoneinfo import ZoneInfo

from hotro.hours.errors import NaiveDatetimeError, NeverOpenError

MINUTES_PER_DAY = 24 * 60
HORIZON_DAYS = 400
HO_CHI_MINH = ZoneInfo("Asia/Ho_Chi_Minh")

Interval = tuple[int, int]  # minutes since local midnight, [start, end), end may be 1440
_ONE_DAY = timedelta(days=1)


def _normalise(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sort and merge overlapping or touching intervals so every segment is maximal."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if not 0 <= start < end <= MINUTES_PER_DAY:
            raise ValueError(f"bad opening interval {start}-{end}: need 0 ≤ start < end ≤ {MINUTES_PER_DAY} minutes")
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


class ScheduleOptions(TypedDict, total=False):
    """``Schedule``'s fields besides ``weekly``, for ``Schedule.from_days``."""

    always_open: bool
    closed_dates: Container[date]
    tz: ZoneInfo


@dataclass(frozen=True)
class Schedule:
    """When a calendar is open.

    ``weekly`` holds seven tuples of intervals, Monday first (``date.weekday()``);
    ``closed_dates`` is anything answering ``date in closed_dates`` — a frozenset in
    tests, a lazily filled holiday set in production (see ``public_holidays``).
    A closed date closes the whole local day, also for an always-open schedule.
    """

    weekly: tuple[tuple[Interval, ...], ...] = ((),) * 7
    always_open: bool = False
    closed_dates: Container[date] = field(default_factory=frozenset)
    tz: ZoneInfo = HO_CHI_MINH

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("weekly needs exactly seven days, Monday first")
        object.__setattr__(self, "weekly", tuple(_normalise(day) for day in self.weekly))

    @classmethod
    def from_days(cls, days: Mapping[int, Iterable[Interval]], **options: Unpack[ScheduleOptions]) -> Schedule:
        """Build from ``{weekday: [(start_min, end_min), ...]}``; missing days are closed."""
        return cls(weekly=tuple(tuple(days.get(weekday, ())) for weekday in range(7)), **options)

    @property
    def has_open_time(self) -> bool:
        return self.always_open or any(self.weekly)

    @property
    def never_closes(self) -> bool:
        """Always open with no closed day at all (Technical email and chat, P8): time is plain clock time.

        The general walk below would merge day after day up to the horizon to find the
        end of such a stretch; every question about it has a direct answer instead.
        """
        return self.always_open and isinstance(self.closed_dates, (frozenset, set)) and not self.closed_dates


@dataclass(frozen=True)
class _Segment:
    """A maximal stretch of open time in UTC. ``opens``/``closes`` are False where the
    stretch was cut only because it is longer than the horizon (no real edge there)."""

    start: datetime
    end: datetime
    opens: bool = True
    closes: bool = True


def _aware_utc(t: datetime, name: str = "t") -> datetime:
    if t.tzinfo is None or t.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{name}={t.isoformat()} has no time zone; pass an aware datetime "
            "(e.g. django.utils.timezone.now() or datetime(..., tzinfo=ZoneInfo('Asia/Ho_Chi_Minh')))"
        )
    return t.astimezone(UTC)


def _local_instant(schedule: Schedule, day: date, minute: int) -> datetime:
    """UTC instant of a wall-clock minute on a local day; minute 1440 is the next midnight."""
    extra, minute = divmod(minute, MINUTES_PER_DAY)
    local = datetime.combine(day + timedelta(days=extra), time(minute // 60, minute % 60), tzinfo=schedule.tz)
    return local.astimezone(UTC)


def _day_segments(schedule: Schedule, day: date) -> list[tuple[datetime, datetime]]:
    if day in schedule.closed_dates:
        return []
    intervals = ((0, MINUTES_PER_DAY),) if schedule.always_open else schedule.weekly[day.weekday()]
    segments = [(_local_instant(schedule, day, a), _local_instant(schedule, day, b)) for a, b in intervals]
    return [(a, b) for a, b in segments if a < b]  # a DST gap can swallow an interval


def _segments(schedule: Schedule, after: datetime, until: datetime | None = None) -> Iterator[_Segment]:
    """Maximal open stretches ending after ``after`` (UTC), in order.

    Without ``until`` the walk is endless but raises ``NeverOpenError`` after
    ``HORIZON_DAYS`` days without open time; with ``until`` it stops after the
    local day holding ``until`` and never raises.
    """
    if not schedule.has_open_time and until is None:
        raise NeverOpenError("this calendar has no opening hours at all")
    day = after.astimezone(schedule.tz).date()
    last_day = until.astimezone(schedule.tz).date() if until is not None else None
    pending: _Segment | None = None
    closed_run = 0
    while last_day is None or day <= last_day:
        todays = [(a, b) for a, b in _day_segments(schedule, day) if b > after]
        day += _ONE_DAY
        if not todays:
            closed_run += 1
            if pending is not None and pending.end > pending.start:
                yield pending
            pending = None
            if last_day is None and closed_run > HORIZON_DAYS:
                raise NeverOpenError(f"this calendar is not open in the {HORIZON_DAYS} days after {after.isoformat()}")
            continue
        closed_run = 0
        for start, end in todays:
            if pending is not None and pending.end == start:
                pending = _Segment(pending.start, end, pending.opens)
            else:
                if pending is not None and pending.end > pending.start:
                    yield pending
                pending = _Segment(start, end)
        if pending is not None and pending.end - pending.start > timedelta(days=HORIZON_DAYS):
            # Always open for longer than we look ahead: hand out this part, keep going.
            yield _Segment(pending.start, pending.end, pending.opens, closes=False)
            pending = _Segment(pending.end, pending.end, opens=False)
    if pending is not None and pending.end > pending.start:
        yield pending


def is_open(schedule: Schedule, t: datetime) -> bool:
    """True when ``t`` lies in open time (an opening instant is open, a closing one is not)."""
    utc = _aware_utc(t)
    if schedule.never_closes:
        return True
    day = utc.astimezone(schedule.tz).date()
    return any(start <= utc < end for start, end in _day_segments(schedule, day))


def next_opening(schedule: Schedule, t: datetime) -> datetime | None:
    """The first instant strictly after ``t`` at which closed time turns into open time.

    When ``t`` is open this is the opening after the current stretch closes, and
    ``None`` when that stretch outlasts the horizon (always open: no opening ahead).
    """
    utc = _aware_utc(t)
    if schedule.never_closes:
        return None
    for segment in _segments(schedule, utc):
        if segment.opens and segment.start > utc:
            return segment.start.astimezone(schedule.tz)
        if not segment.closes:
            return None
    raise AssertionError("unreachable: _segments is endless or raises")  # pragma: no cover


def next_closing(schedule: Schedule, t: datetime) -> datetime | None:
    """The end of the open stretch holding ``t`` or, when closed, of the next one.

    ``None`` when that stretch outlasts the horizon (an always-open calendar with no
    closed day ahead): there is no closing in sight.
    """
    utc = _aware_utc(t)
    if schedule.never_closes:
        return None
    for segment in _segments(schedule, utc):
        return segment.end.astimezone(schedule.tz) if segment.closes else None
    raise AssertionError("unreachable: _segments is endless or raises")  # pragma: no cover


def add_business_time(schedule: Schedule, t: datetime, duration: timedelta) -> datetime:
    """The instant when ``duration`` of open time has passed since ``t``.

    A zero duration at a closed instant gives the next opening (the SLA clock starts
    there, P12); at an open instant it gives ``t`` itself.
    """
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    utc = _aware_utc(t)
    if schedule.never_closes:
        return (utc + duration).astimezone(schedule.tz)
    remaining = duration
    for segment in _segments(schedule, utc):
        begin = max(segment.start, utc)
        available = segment.end - begin
        if remaining <= available:
            return (begin + remaining).astimezone(schedule.tz)
        remaining -= available
    raise AssertionError("unreachable: _segments is endless or raises")  # pragma: no cover


def business_time_between(schedule: Schedule, a: datetime, b: datetime) -> timedelta:
    """Open time between ``a`` and ``b``; negative when ``b`` is before ``a`` (time overdue)."""
    start, end = _aware_utc(a, "a"), _aware_utc(b, "b")
    if end < start:
        return -business_time_between(schedule, b, a)
    if schedule.never_closes:
        return end - start
    total = timedelta(0)
    for segment in _segments(schedule, start, until=end):
        if segment.start >= end:
            break
        total += min(segment.end, end) - max(segment.start, start)
    return total
