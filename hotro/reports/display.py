"""How report values read on a page: counts with separators, durations in minutes, hours or days,
shares in percent, a dash for "no data". The CSV export has the raw numbers (``tables.write_csv``).

Computed once per cell in Python rather than by template filters: a year of rows is thousands of
cells, and the template engine's filter calls were most of a report page's time.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def duration(seconds: float) -> str:
    if seconds < 3600:
        return _("%(n)s min") % {"n": number_format(round(seconds / 60))}
    if seconds < 48 * 3600:
        return _("%(n)s h") % {"n": number_format(seconds / 3600, 1)}
    return _("%(n)s d") % {"n": number_format(seconds / 86400, 1)}


def value_text(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "duration":
        return duration(float(value))
    if kind == "percent":
        return f"{number_format(value * 100, 1)} %"
    if kind == "count" and isinstance(value, int | float):
        return number_format(value, force_grouping=True)
    return str(value)
