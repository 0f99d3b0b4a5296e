"""Configuration rows kept per process for a short while, dropped when they change.

Departments, calendars, SLA policies and the console's drop-down lists change a few
times a year but are read by every request and every inbound mail. Each process
keeps what it loaded for ``seconds``; saving or deleting one of the watched models
in this process drops the copies at once, other processes see the change within
``seconds``. Only for what is read to *show* or to *compute with*, never for a
permission check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

_every: list[Kept] = []


class Kept:
    """One named store of loaded values, each under its own key."""

    def __init__(self, name: str, *, seconds: float = 30.0) -> None:
        self.name = name
        self.seconds = seconds
        self._values: dict[Hashable, tuple[float, Any]] = {}
        _every.append(self)

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        now = time.monotonic()
        hit = self._values.get(key)
        if hit is not None and now - hit[0] < self.seconds:
            kept: T = hit[1]
            return kept
        value = load()
        self._values[key] = (now, value)
        return value

    def clear(self) -> None:
        self._values.clear()

    def changed(self, **_signal_kwargs: object) -> None:
        """Drop everything now (this thread sees its own change) and again when the change commits:
        another thread that reloaded meanwhile read the rows as they were before the commit, and
        would otherwise keep them for ``seconds``."""
        self._values.clear()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self._values.clear, robust=True)

    def watch(self, *senders: type[models.Model] | Any) -> None:
        """Drop everything when a row of any of these models is saved or deleted (or an m2m
        through model changes); called from the app's ``ready``."""
        for sender in senders:
            uid = f"hotro.kept.{self.name}.{sender._meta.label}"
            post_save.connect(self.changed, sender=sender, dispatch_uid=f"{uid}.save")
            post_delete.connect(self.changed, sender=sender, dispatch_uid=f"{uid}.delete")
            m2m_changed.connect(self.changed, sender=sender, dispatch_uid=f"{uid}.m2m")


def clear_all() -> None:
    """Forget every kept value (tests: each test's configuration is its own)."""
    for kept in _every:
        kept.clear()
