"""The checks the status page and ``doctor`` run, in one registry.

Each check returns one or more ``Result`` rows (a mailbox check returns one per mailbox).
Checks that talk to other servers over the network (SMTP, IMAP sign-in) or are slow
(``check --deploy``) are ``deep``: ``doctor`` runs them, the status page, which must load fast
and is read often, does not. The channel-specific checks register from ``hotro.ops.apps``, so
the console reads this registry without importing any channel's code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    name: str  # machine name: "database", "imap:support"
    ok: bool
    detail: str  # what was seen, one line, for the operator
    last_seen: datetime | None = None  # the component's last heartbeat or success, where it has one
    label: str = ""  # the component in the reader's language
    remedy: str = ""  # what to do when it is red, in the reader's language

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass(frozen=True)
class Check:
    name: str
    label: str | Promise
    remedy: str | Promise
    run: Callable[[], Iterable[Result] | Result]
    deep: bool = False


_checks: dict[str, Check] = {}


def register(
    name: str, label: str | Promise, remedy: str | Promise, *, deep: bool = False
) -> Callable[[Callable[[], Iterable[Result] | Result]], Callable[[], Iterable[Result] | Result]]:
    """Decorator: add a check function under ``name``; its results get the label and remedy."""

    def add(function: Callable[[], Iterable[Result] | Result]) -> Callable[[], Iterable[Result] | Result]:
        _checks[name] = Check(name, label, remedy, function, deep)
        return function

    return add


def checks(*, deep: bool) -> list[Check]:
    return [check for check in _checks.values() if deep or not check.deep]


def run_check(check: Check) -> list[Result]:
    """One check's results, with its label and remedy filled in; a crashing check is a red result."""
    try:
        outcome = check.run()
        results = [outcome] if isinstance(outcome, Result) else list(outcome)
    except Exception as error:
        logger.exception("check %s crashed", check.name)
        results = [Result(check.name, False, f"the check itself failed: {type(error).__name__}: {error}")]
    return [
        Result(
            name=r.name,
            ok=r.ok,
            detail=r.detail,
            last_seen=r.last_seen,
            label=r.label or str(check.label),
            remedy=r.remedy or ("" if r.ok else str(check.remedy)),
        )
        for r in results
    ]


def run_all(*, deep: bool) -> list[Result]:
    """Every registered check (the deep ones too when ``deep``), in registration order."""
    return [result for check in checks(deep=deep) for result in run_check(check)]
