"""Vietnam's public holidays (P9), from the ``holidays`` package, plus the admin's changes.

The package knows the lunar dates of Tết, Hùng Kings' day and the substituted
days the government announced; a year is computed once per process and cached.
Bridge days announced later, or company days off, come from ``HolidayOverride``
rows and are merged in by ``HolidaySet``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays

COUNTRY = "VN"


@dataclass(frozen=True)
class PublicHoliday:
    date: date
    name: str  # Vietnamese, the package's default language for VN
    name_en: str


@lru_cache(maxsize=64)
def vn_public_holidays(year: int) -> MappingProxyType[date, PublicHoliday]:
    """The package's public holidays of ``year``, named in Vietnamese and English (read-only)."""
    vietnamese = holidays.country_holidays(COUNTRY, years=year, language="vi")
    english = holidays.country_holidays(COUNTRY, years=year, language="en_US")
    return MappingProxyType(
        {day: PublicHoliday(day, name, english.get(day, name)) for day, name in sorted(vietnamese.items())}
    )


@dataclass(frozen=True)
class HolidaySet:
    """The dates a "closed on public holidays" calendar is closed.

    Answers ``day in holiday_set`` for any year, loading the package's years on
    demand, so business-time arithmetic never runs past a pre-loaded window.
    ``added`` wins over the package, ``removed`` wins over both (the service
    resolves department-specific versus global overrides before building this).
    """

    added: frozenset[date] = field(default_factory=frozenset)
    removed: frozenset[date] = field(default_factory=frozenset)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if day in self.removed:
            return False
        return day in self.added or day in vn_public_holidays(day.year)
