"""Vietnam's public holidays from the package, and the admin's additions and removals (P9)."""

from __future__ import annotations

from datetime import date

import pytest

from hotro.hours.models import HolidayOverride, OverrideKind
from hotro.hours.public_holidays import HolidaySet, vn_public_holidays
from hotro.hours.services import holiday_set, holidays_in_year


def test_the_package_knows_tet_2026_on_its_lunar_dates_with_vietnamese_and_english_names():
    year = vn_public_holidays(2026)
    assert [d for d in year if date(2026, 2, 1) <= d <= date(2026, 2, 28)] == [
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
    ]
    assert year[date(2026, 2, 17)].name == "Tết Nguyên Đán"
    assert year[date(2026, 2, 17)].name_en == "Lunar New Year"


def test_tet_2027_and_the_fixed_holidays_fall_on_their_real_dates():
    year = vn_public_holidays(2027)
    assert {date(2027, 2, 6), date(2027, 2, 10), date(2027, 4, 16), date(2027, 4, 30), date(2027, 9, 2)} <= set(year)
    assert date(2027, 2, 11) not in year
    assert date(2027, 5, 3) in year  # 1/5 falls on a Saturday: Monday is the day off


def test_a_holiday_set_adds_and_removes_days_and_answers_for_any_year():
    days = HolidaySet(added=frozenset({date(2026, 1, 2)}), removed=frozenset({date(2026, 11, 24)}))
    assert date(2026, 1, 2) in days
    assert date(2026, 11, 24) not in days
    assert date(2030, 9, 2) in days  # no window to pre-load
    assert date(2026, 3, 3) not in days
    assert "2026-09-02" not in days


@pytest.mark.django_db
def test_a_department_override_beats_a_global_one_and_other_departments_keep_theirs(technical, sales):
    bridge = date(2026, 1, 2)
    HolidayOverride.objects.create(date=bridge, kind=OverrideKind.ADD, name="Nghỉ bù", department=None)
    HolidayOverride.objects.create(date=bridge, kind=OverrideKind.REMOVE, name="Trực", department=technical)
    HolidayOverride.objects.create(date=date(2026, 4, 30), kind=OverrideKind.REMOVE, name="Làm", department=sales)
    assert bridge in holiday_set(sales)
    assert bridge not in holiday_set(technical)
    assert date(2026, 4, 30) not in holiday_set("sales")
    assert date(2026, 4, 30) in holiday_set(technical)


@pytest.mark.django_db
def test_the_year_list_shows_package_and_added_days_without_the_removed_ones(sales):
    HolidayOverride.objects.create(
        date=date(2026, 1, 2), kind=OverrideKind.ADD, name="Nghỉ bù Tết Dương lịch", name_en="New Year bridge day"
    )
    HolidayOverride.objects.create(date=date(2026, 11, 24), kind=OverrideKind.REMOVE, name="Làm việc")
    listed = {h.date: h for h in holidays_in_year(2026, sales)}
    assert listed[date(2026, 1, 2)].source == "added"
    assert listed[date(2026, 1, 2)].name_en == "New Year bridge day"
    assert listed[date(2026, 2, 17)].source == "package"
    assert date(2026, 11, 24) not in listed
    assert date(2025, 1, 1) not in listed
