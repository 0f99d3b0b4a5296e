"""Django's ASGI handler, with the middleware chain and a sync view run in one thread hop.

Django's own handler runs the chain in async mode: every ``MiddlewareMixin``
middleware steps into a worker thread and back for its request and response
halves, a sync-only middleware (ours) hops back to the event loop, and the sync
view takes another thread. All of Hotro's HTTP middleware and views are sync, so
each page paid a dozen thread switches for nothing. Here the chain is built in
sync mode and run once in the request's thread (the thread-sensitive one, where
Django's request signals also run, so connections are closed where they were
opened). WebSocket traffic is untouched: it goes to Channels' consumers.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
