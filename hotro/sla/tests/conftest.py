"""A settable clock for the SLA tests: the desk services, ``auto_now`` fields and the
receivers all read ``django.utils.timezone.now``, so one patch moves them together."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone


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
