"""Dates shown in the reader's time zone and language formats (``hotro/formats``), fast enough for lists.

``django.utils.formats.date_format`` looks the format up and interprets it letter by letter
for every value, and a queue page shows a hundred times. ``local_formatter`` looks the format
up once per list and, when it is made of zero-padded numbers only (``d/m/Y H:i``, what both
our languages use), turns it once per process into a ``str.format`` pattern printing the very
same text at a tenth of the cost (README, "Rendering"). Any other format (month names, ``j``…)
goes through Django's formatter, so a new entry in ``hotro/formats`` is never shown wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.formats import get_format

# Django format letters printed as zero-padded numbers, as ``str.format`` fields of the datetime.
_NUMERIC = {
    "d": "{0.day:02d}",
    "m": "{0.month:02d}",
    "Y": "{0.year:04d}",
    "H": "{0.hour:02d}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
}


@lru_cache(maxsize=64)
def numeric_pattern(django_format: str) -> str | None:
    """A ``str.format`` pattern printing what the Django ``django_format`` prints, or None if there is none.

    Read as ``dateformat.format`` reads it, with its own expressions: fields between literal pieces.
    (``strftime`` prints the same but costs twice as much.)
    """
    pattern = []
    for index, piece in enumerate(re_formatchars.split(django_format)):
        if index % 2:
            if piece not in _NUMERIC:
                return None
            pattern.append(_NUMERIC[piece])
        else:
            pattern.append(re_escaped.sub(r"\1", piece).replace("{", "{{").replace("}", "}}"))
    return "".join(pattern)


def local_formatter(format_name: str, zone: tzinfo | None = None) -> Callable[[datetime], str]:
    """A function showing an aware datetime in ``zone`` (the active one by default) with the active
    language's ``format_name`` (``"SHORT_DATETIME_FORMAT"``…, or a format string, as ``date_format`` takes).

    Made once per list: the language, zone and format are those active when it is made.
    """
    django_format = get_format(format_name)
    shown_in = zone or timezone.get_current_timezone()
    pattern = numeric_pattern(django_format)
    if pattern is None:
        return lambda value: dateformat.format(value.astimezone(shown_in), django_format)
    return lambda value: pattern.format(value.astimezone(shown_in))
