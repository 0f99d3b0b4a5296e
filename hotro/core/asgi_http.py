"""Django's ASGI handler, with the middleware chain and a sync view run in one thread hop.

Django's own handler runs the chain in async mode: every ``MiddlewareMixin``
middleware steps into a worker thread and back for its request and response
halves, a sync-only middleware (ours) hops back to the event loop, and the sync
view takes another thread. All of Hotro's HTTP middleware and views are sync, so
each page paid a dozen thread switches for nothing. Here the chain is built in
sync mode and run once in the request's thread (the thread-sensitive one, where
Django's request signals also run, so connections are closed where they were
opened). It serves HTTP only; when WebSockets arrive (live chat) they are routed
beside it, to Channels, untouched by this handler.

At most ``HOTRO_WEB_THREADS`` requests of a process run their sync part at once;
the others wait in the event loop, which costs nothing. Django gives every
request a thread of its own, so sixteen concurrent requests made sixteen threads
fighting over the GIL: each one back from a database call waited for the GIL
behind the others, and the process served fewer requests at sixteen connections
than at two. The request body is read before the wait, so a slow upload holds no slot.
"""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    _slots: asyncio.Semaphore | None = None

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        if self._slots is None:  # made in the event loop that serves the requests
            self._slots = asyncio.Semaphore(max(1, settings.HOTRO_WEB_THREADS))
        async with self._slots:
            return await sync_to_async(self.get_response, thread_sensitive=True)(request)
