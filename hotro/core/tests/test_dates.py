"""Times shown with the active language's formats, fast (``hotro.core.dates``), print what Django prints."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, formats, timezone, translation

from hotro.core.dates import local_formatter, numeric_pattern

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MOMENT = datetime(2026, 2, 6, 1, 5, 9, tzinfo=UTC)  # 08:05:09 in Hà Nội


@pytest.mark.parametrize(
    "django_format", ["d/m/Y H:i", "H:i d/m/Y", "Y-m-d\\TH:i:s", "d.m.Y {H}", "\\d\\a\\y d, 100%", "\\\\d"]
)
def test_a_numeric_pattern_prints_what_django_prints(django_format):
    pattern = numeric_pattern(django_format)
    assert pattern is not None
    local = MOMENT.astimezone(HANOI)
    assert pattern.format(local) == dateformat.format(local, django_format)


@pytest.mark.parametrize("django_format", ["j M Y", "D d/m/Y", "d/m/y", "P", "N j, Y"])
def test_formats_with_words_or_unpadded_numbers_have_no_numeric_pattern(django_format):
    assert numeric_pattern(django_format) is None


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", ["SHORT_DATETIME_FORMAT", "DATETIME_FORMAT", "DATE_FORMAT", "TIME_FORMAT"])
def test_the_formatter_prints_what_date_format_prints_in_each_language(language, name):
    with translation.override(language), timezone.override(HANOI):
        assert local_formatter(name)(MOMENT) == formats.date_format(timezone.localtime(MOMENT), name)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_both_languages_write_short_date_times_day_first_on_a_24_hour_clock(language):
    with translation.override(language):
        assert local_formatter("SHORT_DATETIME_FORMAT", HANOI)(MOMENT) == "06/02/2026 08:05"


def test_the_zone_is_the_active_one_unless_given():
    with translation.override("vi"), timezone.override("Europe/Paris"):
        assert local_formatter("TIME_FORMAT")(MOMENT) == "02:05"
        assert local_formatter("TIME_FORMAT", HANOI)(MOMENT) == "08:05"
