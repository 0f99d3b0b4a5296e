"""Saying when a channel opens, in the reader's language.

"08:00 Thứ Hai, 16/02" in Vietnamese, "Monday 16/02 at 08:00" in English. The
day names are the glossary's (Thứ Hai … Chủ Nhật), kept here rather than taken
from gettext: Django's own catalogue already translates the msgid "Monday" as
"Thứ 2", which would win over ours. A third UI language adds a row below.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from hotro.hours.errors import NaiveDatetimeError
from hotro.hours.schedule import HO_CHI_MINH

WEEKDAY_NAMES = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_PATTERNS = {
    "vi": "{time} {weekday}, {date}",
    "en": "{weekday} {date} at {time}",
}


def format_opening(at: datetime, language: str | None = None, tz: ZoneInfo = HO_CHI_MINH) -> str:
    """A next opening as customers read it; ``language`` defaults to the active one, unknown ones to English."""
    if at.tzinfo is None:
        raise NaiveDatetimeError(f"at={at.isoformat()} has no time zone")
    code = (language or translation.get_language() or "vi").split("-")[0]
    if code not in _PATTERNS:
        code = "en"
    local = at.astimezone(tz)
    return _PATTERNS[code].format(
        time=f"{local:%H:%M}", weekday=WEEKDAY_NAMES[code][local.weekday()], date=f"{local:%d/%m}"
    )
