"""Plain HTTP in the web process: Django's WSGI handler, reached from the ASGI server in one thread hop.

The web process speaks ASGI because live chat and the console need WebSockets beside HTTP on one
port. For HTTP, Django's own ASGI handler cost about 1.2 ms of CPU per request around a Django
call of about 0.2 ms (the bare "hello" behind every middleware: ``bench/inproc.py`` in one
process, and a wrk run of uvicorn against granian serving WSGI, 2026-12-05; see the README's
"Benchmark"): it builds an ``ASGIRequest``, and hops between the event loop and worker threads
for the ``request_started`` signal, the request itself and ``request_finished``. Hotro's views
and middleware are all sync, so here the event loop reads the body (a slow upload holds no
thread) and then one thread does what a WSGI server's worker does: ``request_started``, the
middleware chain and the view, the response's content and its ``close()`` (``request_finished``,
so database connections are closed in the thread that opened them). The tests' client is WSGI
too: what they exercise is what production runs.

At most ``HOTRO_WEB_THREADS`` requests of a process run at once (its thread pool); the others
wait in the event loop, which costs nothing. Many threads in one process fight over the GIL: a
request back from a database call waits behind the others, and the process serves fewer
requests at sixteen connections than at two.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Coroutine[Any, Any, None]]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_environ(scope: Scope, body: IO[bytes], length: int) -> dict[str, Any]:
    """The WSGI environ (PEP 3333) of an ASGI HTTP scope whose body has been read into ``body``."""
    root = scope.get("root_path", "")
    path = scope["path"]
    if root and path.startswith(root):
        path = path[len(root) :]
    server = scope.get("server") or ("localhost", 80)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        # WSGI carries paths as bytes in latin-1 strings; ASGI has them decoded as UTF-8.
        "SCRIPT_NAME": root.encode("utf-8").decode("latin-1"),
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] or 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    client = scope.get("client")
    if client:
        environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = client[0], str(client[1])
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        if key in environ:
            value = f"{environ[key]}{'; ' if key == 'HTTP_COOKIE' else ','}{value}"
        environ[key] = value
    # The body is read whole: its real length, also for a chunked upload (no Content-Length).
    environ["CONTENT_LENGTH"] = str(length)
    return environ


class WSGIOverASGI:
    """An ASGI application for HTTP scopes that runs a WSGI application (Django's) in a thread pool."""

    def __init__(self, app: WSGIApp | None = None, threads: int | None = None) -> None:
        self.app: WSGIApp = app or WSGIHandler()
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None

    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            size = self._threads or settings.HOTRO_WEB_THREADS
            self._pool = ThreadPoolExecutor(max_workers=max(1, size), thread_name_prefix="hotro-web")
        return self._pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            raise ValueError(f"{type(self).__name__} serves HTTP only, not {scope['type']!r}")
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        try:
            length = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client left before sending its whole request: nothing to answer
                chunk = message.get("body", b"")
                body.write(chunk)
                length += len(chunk)
                if not message.get("more_body", False):
                    break
            body.seek(0)
            loop = asyncio.get_running_loop()
            environ = wsgi_environ(scope, body, length)
            answer = await loop.run_in_executor(self.pool(), self._respond, environ, loop, send)
            if answer is not None:
                start, content = answer
                await send(start)
                await send({"type": "http.response.body", "body": content})
        finally:
            body.close()

    def _respond(
        self, environ: dict[str, Any], loop: asyncio.AbstractEventLoop, send: Send
    ) -> tuple[Message, bytes] | None:
        """In a pool thread: the whole WSGI call. A plain response comes back to the event loop to be
        sent; a streaming one (a file) is sent from here, chunk by chunk, as a WSGI server would."""
        # What a view runs with async_to_sync (a channel layer's group_send) runs in the server's event
        # loop, as under sync_to_async: the in-memory layer's waiting sockets live in that loop.
        SyncToAsync.threadlocal.main_event_loop = loop
        SyncToAsync.threadlocal.main_event_loop_pid = os.getpid()
        started: list[Message] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            started[:] = [
                {
                    "type": "http.response.start",
                    "status": int(status[:3]),
                    # Django's WSGI handler writes each Set-Cookie value with a leading space.
                    "headers": [(k.lower().encode("latin-1"), v.strip().encode("latin-1")) for k, v in headers],
                }
            ]

        result = self.app(environ, start_response)
        try:
            if not getattr(result, "streaming", False):
                return started[0], b"".join(result)

            def push(message: Message) -> None:
                asyncio.run_coroutine_threadsafe(send(message), loop).result()

            push(started[0])
            for chunk in result:
                if chunk:
                    push({"type": "http.response.body", "body": chunk, "more_body": True})
            push({"type": "http.response.body", "body": b""})
            return None
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # request_finished: this thread's database connections are closed here
