"""The web process's HTTP handler: one thread hop per request, a bounded number at once."""

from __future__ import annotations

import asyncio
import threading
import time

from asgiref.sync import ThreadSensitiveContext
from django.http import HttpRequest, HttpResponse

from hotro.core.asgi_http import SyncChainASGIHandler


def _peak_concurrency(requests: int) -> tuple[int, list[int]]:
    """Send ``requests`` at once, each in its own request context as Django's ASGI handler does."""
    handler = SyncChainASGIHandler()
    lock, running, peak = threading.Lock(), [0], [0]

    def slow_view_chain(request: HttpRequest) -> HttpResponse:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return HttpResponse(str(threading.get_ident()))

    handler.get_response = slow_view_chain  # type: ignore[method-assign]

    async def one() -> int:
        async with ThreadSensitiveContext():
            response = await handler.get_response_async(HttpRequest())
            return response.status_code

    async def all_of_them() -> list[int]:
        return await asyncio.gather(*(one() for _ in range(requests)))

    statuses = asyncio.run(all_of_them())
    return peak[0], statuses


def test_at_most_the_configured_number_of_requests_work_at_once(settings):
    settings.HOTRO_WEB_THREADS = 2
    peak, statuses = _peak_concurrency(6)
    assert peak == 2
    assert statuses == [200] * 6  # the others waited their turn; none was dropped


def test_a_larger_setting_lets_more_work_at_once(settings):
    settings.HOTRO_WEB_THREADS = 6
    peak, statuses = _peak_concurrency(6)
    assert peak > 2
    assert statuses == [200] * 6
