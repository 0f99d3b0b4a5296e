"""The pure business-time core (P8, P9, P12): opening, closing, adding and measuring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotro.hours import schedule as core
from hotro.hours.errors import NaiveDatetimeError, NeverOpenError
from hotro.hours.schedule import Schedule
from hotro.hours.tests.helpers import always_open, at, office_hours

H = timedelta(hours=1)


def test_an_opening_instant_is_open_and_a_closing_instant_is_closed():
    """P8: 08:00 belongs to the working day, 17:00 does not."""
    s = office_hours()
    assert core.is_open(s, at(2026, 3, 2, 8, 0))  # Monday
    assert not core.is_open(s, at(2026, 3, 2, 7, 59))
    assert core.is_open(s, at(2026, 3, 2, 16, 59))
    assert not core.is_open(s, at(2026, 3, 2, 17, 0))


def test_saturday_closes_at_half_past_eleven_and_sunday_stays_closed():
    """P8: Sales & Accounting work Saturday until 11:30; the next opening is Monday 08:00."""
    s = office_hours()
    saturday_noon = at(2026, 3, 7, 11, 30)
    assert core.is_open(s, at(2026, 3, 7, 11, 29))
    assert not core.is_open(s, saturday_noon)
    assert core.next_closing(s, at(2026, 3, 7, 9, 0)) == saturday_noon
    assert not core.is_open(s, at(2026, 3, 8, 10, 0))
    assert core.next_opening(s, saturday_noon) == at(2026, 3, 9, 8, 0)


def test_results_carry_the_ho_chi_minh_offset_whatever_the_input_zone():
    s = office_hours()
    opening = core.next_opening(s, datetime(2026, 3, 2, 12, 0, tzinfo=UTC))  # 19:00 in Hà Nội
    assert opening.isoformat() == "2026-03-03T08:00:00+07:00"


def test_adding_time_carries_over_to_the_next_working_day():
    """P12: the unfinished part of a duration continues at the next working hour."""
    s = office_hours()
    assert core.add_business_time(s, at(2026, 3, 2, 16, 0), 2 * H) == at(2026, 3, 3, 9, 0)
    assert core.add_business_time(s, at(2026, 3, 7, 11, 0), 1 * H) == at(2026, 3, 9, 8, 30)


def test_a_duration_that_ends_at_closing_time_is_due_at_closing_time():
    s = office_hours()
    assert core.add_business_time(s, at(2026, 3, 2, 16, 0), H) == at(2026, 3, 2, 17, 0)


def test_adding_nothing_when_closed_gives_the_next_opening():
    """P12: a request sent after hours starts its clock at the next working hour."""
    s = office_hours()
    assert core.add_business_time(s, at(2026, 3, 2, 20, 0), timedelta(0)) == at(2026, 3, 3, 8, 0)
    assert core.add_business_time(s, at(2026, 3, 2, 17, 0), timedelta(0)) == at(2026, 3, 3, 8, 0)
    assert core.add_business_time(s, at(2026, 3, 2, 10, 0), timedelta(0)) == at(2026, 3, 2, 10, 0)


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError, match="negative"):
        core.add_business_time(office_hours(), at(2026, 3, 2, 10), -H)


def test_time_between_counts_only_open_hours_and_is_negative_backwards():
    s = office_hours()
    friday_4pm, monday_9am = at(2026, 3, 6, 16, 0), at(2026, 3, 9, 9, 0)
    assert core.business_time_between(s, friday_4pm, monday_9am) == timedelta(hours=1 + 3.5 + 1)
    assert core.business_time_between(s, monday_9am, friday_4pm) == -timedelta(hours=5.5)
    assert core.business_time_between(s, friday_4pm, friday_4pm) == timedelta(0)


def test_intervals_across_midnight_form_one_stretch_without_a_midnight_closing():
    night_shift = Schedule.from_days({0: [(22 * 60, 24 * 60)], 1: [(0, 6 * 60)]})
    assert core.is_open(night_shift, at(2026, 3, 3, 0, 0))
    assert core.next_closing(night_shift, at(2026, 3, 2, 23, 0)) == at(2026, 3, 3, 6, 0)
    assert core.next_opening(night_shift, at(2026, 3, 3, 1, 0)) == at(2026, 3, 9, 22, 0)
    assert core.add_business_time(night_shift, at(2026, 3, 2, 23, 0), 3 * H) == at(2026, 3, 3, 2, 0)


def test_several_intervals_a_day_leave_a_lunch_break_closed():
    split = Schedule.from_days({0: [(13 * 60, 17 * 60), (8 * 60, 12 * 60)]})
    assert not core.is_open(split, at(2026, 3, 2, 12, 30))
    assert core.next_opening(split, at(2026, 3, 2, 12, 0)) == at(2026, 3, 2, 13, 0)
    assert core.add_business_time(split, at(2026, 3, 2, 11, 0), 2 * H) == at(2026, 3, 2, 14, 0)


def test_overlapping_intervals_are_merged():
    s = Schedule.from_days({2: [(8 * 60, 12 * 60), (11 * 60, 14 * 60)]})
    assert s.weekly[2] == ((8 * 60, 14 * 60),)


@pytest.mark.parametrize("bad", [(600, 600), (700, 600), (-1, 60), (0, 24 * 60 + 1)])
def test_an_empty_or_out_of_day_interval_is_refused(bad):
    with pytest.raises(ValueError, match="bad opening interval"):
        Schedule.from_days({0: [bad]})


def test_tet_2026_closes_office_hours_for_the_whole_week():
    """P9: Tết 2026 (lunar new year on 17/02) closes Mon 16/02 to Fri 20/02; Saturday 21/02 opens."""
    s = office_hours()
    friday_before = at(2026, 2, 13, 16, 0)
    assert not core.is_open(s, at(2026, 2, 17, 10, 0))
    assert core.next_opening(s, at(2026, 2, 14, 11, 30)) == at(2026, 2, 21, 8, 0)
    assert core.add_business_time(s, friday_before, 2 * H) == at(2026, 2, 14, 9, 0)
    assert core.add_business_time(s, friday_before, 5 * H) == at(2026, 2, 21, 8, 30)


def test_the_always_open_hotline_closes_for_tet_and_reopens_after_it():
    """P8/P9: Technical hotline is 24/7 except public holidays and Tết."""
    hotline = always_open(closed_on_holidays=True)
    assert core.is_open(hotline, at(2026, 2, 15, 23, 59))
    assert core.next_closing(hotline, at(2026, 2, 10, 9, 0)) == at(2026, 2, 16, 0, 0)
    assert core.next_opening(hotline, at(2026, 2, 17, 12, 0)) == at(2026, 2, 21, 0, 0)
    assert not core.is_open(hotline, at(2026, 4, 30, 9, 0))


def test_an_always_open_calendar_has_no_closing_in_sight():
    email = always_open()
    assert core.is_open(email, at(2026, 2, 17, 3, 0))
    assert core.next_closing(email, at(2026, 2, 17, 3, 0)) is None
    assert core.next_opening(email, at(2026, 2, 17, 3, 0)) is None
    assert core.add_business_time(email, at(2026, 2, 17, 3, 0), timedelta(days=500)) == at(2027, 7, 2, 3, 0)
    assert core.business_time_between(email, at(2026, 1, 1), at(2027, 1, 1)) == timedelta(days=365)


def test_a_calendar_that_never_opens_raises_a_clear_error():
    with pytest.raises(NeverOpenError, match="no opening hours"):
        core.next_opening(Schedule(), at(2026, 3, 2))
    every_day_closed = Schedule(always_open=True, closed_dates=_Everything())
    with pytest.raises(NeverOpenError, match="not open in the 400 days"):
        core.add_business_time(every_day_closed, at(2026, 3, 2), H)
    assert core.business_time_between(Schedule(), at(2026, 1, 1), at(2026, 6, 1)) == timedelta(0)


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


@pytest.mark.parametrize(
    "call",
    [
        lambda s, t: core.is_open(s, t),
        lambda s, t: core.next_opening(s, t),
        lambda s, t: core.next_closing(s, t),
        lambda s, t: core.add_business_time(s, t, H),
        lambda s, t: core.business_time_between(s, t, at(2026, 3, 3)),
    ],
)
def test_naive_datetimes_are_refused_with_a_clear_error(call):
    with pytest.raises(NaiveDatetimeError, match="has no time zone"):
        call(office_hours(), datetime(2026, 3, 2, 10, 0))


def test_a_schedule_in_another_zone_opens_on_its_own_wall_clock():
    tokyo = Schedule.from_days({0: [(9 * 60, 18 * 60)]}, tz=ZoneInfo("Asia/Tokyo"))
    assert core.next_opening(tokyo, at(2026, 3, 2, 6, 0)) == at(2026, 3, 2, 7, 0)  # 09:00 JST
    assert core.next_opening(tokyo, at(2026, 3, 2, 6, 0)).isoformat() == "2026-03-02T09:00:00+09:00"
