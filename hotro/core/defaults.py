"""The provider's defaults from the support policy, loaded idempotently.

Each app that has defaults lists its loader here; ``load_provider_defaults``
runs them in order (departments first: later loaders refer to them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import import_string

LOADERS: list[str] = [
    "hotro.desk.defaults.load",
    "hotro.hours.defaults.load",
    "hotro.sla.defaults.load",
    "hotro.chat.defaults.load",
    "hotro.catalog.defaults.load",
]


def load_all(log: Callable[[str], None]) -> None:
    for path in LOADERS:
        import_string(path)(log)
