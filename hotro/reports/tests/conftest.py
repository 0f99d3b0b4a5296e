"""A settable clock (the desk services, ``auto_now`` fields, the receivers and the job all read
``django.utils.timezone.now``), and instants in the desk's zone."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from hotro.hours.schedule import HO_CHI_MINH


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HO_CHI_MINH)


class Clock:
    def __init__(self) -> None:
        self.now: datetime = timezone.now()

    def set(self, instant: datetime) -> datetime:
        self.now = instant
        return instant

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(timezone, "now", fake)
    return fake
