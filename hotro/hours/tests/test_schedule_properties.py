"""Properties of business-time arithmetic that every SLA due time relies on (P10, P12).

Generated schedules (several intervals a day, touching midnight, holiday runs,
always-open) and generated instants around Tết 2026/2027, not only the defaults.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hotro.hours import schedule as core
from hotro.hours.public_holidays import HolidaySet
from hotro.hours.schedule import MINUTES_PER_DAY, Schedule
from hotro.hours.tests.helpers import always_open, office_hours

TINY = timedelta(microseconds=1)


@st.composite
def day_intervals(draw: st.DrawFn) -> list[tuple[int, int]]:
    # Quarter-hour boundaries, including 0 and 24:00, so midnight crossings happen often.
    points = draw(st.lists(st.integers(0, 96), min_size=0, max_size=6, unique=True))
    points = sorted(p * 15 for p in points)
    return [(a, b) for a, b in zip(points[::2], points[1::2], strict=False) if a < b <= MINUTES_PER_DAY]


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    kind = draw(st.sampled_from(["generated", "office", "always", "hotline"]))
    if kind == "office":
        return office_hours()
    if kind == "always":
        return always_open()
    if kind == "hotline":
        return always_open(closed_on_holidays=True)
    weekly = draw(st.lists(day_intervals(), min_size=7, max_size=7).filter(lambda days: any(days)))
    closed = draw(st.frozensets(st.dates(date(2026, 1, 1), date(2026, 3, 31)), max_size=20))
    return Schedule(weekly=tuple(tuple(day) for day in weekly), closed_dates=HolidaySet(added=closed))


instants = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 3, 1), timezones=st.just(UTC)).map(
    lambda t: t.replace(microsecond=0)
)
durations = st.integers(0, 60 * 24 * 14).map(lambda minutes: timedelta(minutes=minutes))

FAST = settings(max_examples=60, deadline=None)


def _in_open_time(s: Schedule, result: datetime, duration: timedelta) -> bool:
    """Open at the result, or (for a positive duration) at a closing with open time just before."""
    return core.is_open(s, result) or (duration > timedelta(0) and core.is_open(s, result - TINY))


@FAST
@given(schedules(), instants, durations)
def test_adding_then_measuring_gives_the_duration_back(s, t, duration):
    assert core.business_time_between(s, t, core.add_business_time(s, t, duration)) == duration


@FAST
@given(schedules(), instants, durations)
def test_a_due_time_never_falls_in_closed_time(s, t, duration):
    result = core.add_business_time(s, t, duration)
    assert result >= t
    assert _in_open_time(s, result, duration)


@FAST
@given(schedules(), instants, instants, durations)
def test_adding_is_monotonic_in_the_start(s, t1, t2, duration):
    early, late = sorted((t1, t2))
    assert core.add_business_time(s, early, duration) <= core.add_business_time(s, late, duration)


@FAST
@given(schedules(), instants, durations, durations)
def test_adding_is_monotonic_in_the_duration(s, t, d1, d2):
    short, long = sorted((d1, d2))
    assert core.add_business_time(s, t, short) <= core.add_business_time(s, t, long)


@FAST
@given(schedules(), instants)
def test_next_opening_and_closing_are_edges_of_open_time(s, t):
    opening = core.next_opening(s, t)
    if opening is None:  # only an always-open stretch outlasting the horizon has no opening ahead
        assert core.is_open(s, t)
        assert core.next_closing(s, t) is None
    else:
        assert opening > t
        assert core.is_open(s, opening)
        assert not core.is_open(s, opening - TINY)
    closing = core.next_closing(s, t)
    if closing is not None:
        assert closing > t
        assert not core.is_open(s, closing)
        assert core.is_open(s, closing - TINY)


@FAST
@given(schedules(), instants, instants)
def test_time_between_is_additive_and_antisymmetric(s, a, b):
    middle = a + (b - a) / 2
    whole = core.business_time_between(s, a, b)
    assert whole == core.business_time_between(s, a, middle) + core.business_time_between(s, middle, b)
    assert core.business_time_between(s, b, a) == -whole
    assert abs(whole) <= abs(b - a)


@given(
    t=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 30),
)
@settings(max_examples=60, deadline=None)
def test_the_never_closing_shortcut_agrees_with_the_general_walk(t, minutes):
    """Technical email (24/7/365) takes a shortcut; a calendar open every minute of every day must agree."""
    shortcut = Schedule(always_open=True)
    walked = Schedule.from_days({d: [(0, 1440)] for d in range(7)})
    assert shortcut.never_closes and not walked.never_closes
    duration = timedelta(minutes=minutes)
    assert core.add_business_time(shortcut, t, duration) == core.add_business_time(walked, t, duration)
    end = t + duration
    assert core.business_time_between(shortcut, t, end) == core.business_time_between(walked, t, end) == duration
    assert core.is_open(shortcut, t) and core.is_open(walked, t)
