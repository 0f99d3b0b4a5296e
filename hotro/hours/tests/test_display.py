"""Next openings written the way customers read them, in Vietnamese and English (P12)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import translation

from hotro.hours.display import format_opening
from hotro.hours.errors import NaiveDatetimeError
from hotro.hours.tests.helpers import at


def test_vietnamese_uses_the_glossarys_day_names_and_day_month():
    assert format_opening(at(2026, 2, 16, 8, 0), "vi") == "08:00 Thứ Hai, 16/02"
    assert format_opening(at(2026, 2, 22, 13, 30), "vi") == "13:30 Chủ Nhật, 22/02"


def test_english_reads_day_date_and_time():
    assert format_opening(at(2026, 2, 21, 8, 0), "en") == "Saturday 21/02 at 08:00"


def test_the_active_language_is_used_and_instants_are_shown_in_ho_chi_minh_time():
    with translation.override("en"):
        assert format_opening(datetime(2026, 2, 16, 1, 0, tzinfo=UTC)) == "Monday 16/02 at 08:00"
    with translation.override("vi"):
        assert format_opening(datetime(2026, 2, 16, 1, 0, tzinfo=UTC)) == "08:00 Thứ Hai, 16/02"


def test_an_unknown_language_falls_back_to_english_and_naive_times_are_refused():
    assert format_opening(at(2026, 2, 17, 9, 0), "fr") == "Tuesday 17/02 at 09:00"
    with pytest.raises(NaiveDatetimeError):
        format_opening(datetime(2026, 2, 17, 9, 0), "vi")
