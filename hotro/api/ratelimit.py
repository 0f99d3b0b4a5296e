"""Per-token rate limits, counted in the cache.

With ``REDIS_URL`` the default cache is Redis, so every web process counts against the same
number; without it each process counts for itself (the embedded set-up has one). A fixed
one-minute window: cheap (one ``add`` and one ``incr``), and ``Retry-After`` is exact.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from hotro.api.models import ApiToken
from hotro.api.problems import ApiProblem

WINDOW_SECONDS = 60


def check(token: ApiToken, *, now: float | None = None) -> None:
    """Count one request for ``token``; ``ApiProblem`` 429 with ``Retry-After`` past the limit."""
    limit = settings.HOTRO_API_RATE_LIMIT
    if limit <= 0:
        return  # 0 turns the limit off
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"hotro:api:rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        retry_after = max(int((window + 1) * WINDOW_SECONDS - now) + 1, 1)
        raise ApiProblem(
            429,
            "rate_limited",
            _("Too many requests for this token: at most %(limit)s a minute.") % {"limit": limit},
            headers={"Retry-After": str(retry_after)},
        )
