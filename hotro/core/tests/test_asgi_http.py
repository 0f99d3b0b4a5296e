"""The web process's HTTP handler: Django's WSGI handler in one thread hop, a bounded number at once.

Driven the way the ASGI server drives it (scope, receive, send), against the real Django application
for what a browser sends (paths, query strings, cookies, forms, chunked bodies, files).
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.core.signals import request_finished

from hotro.core.asgi_http import WSGIOverASGI


def http_scope(path: str, method: str = "GET", query: bytes = b"", headers: list[tuple[bytes, bytes]] = ()) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


def call(app, scope: dict, body_chunks: list[bytes] = (b"",)) -> tuple[int, dict[bytes, list[bytes]], bytes]:
    """One request through ``app``; the status, the headers and the body as the client would get them."""
    incoming = [
        {"type": "http.request", "body": chunk, "more_body": i < len(body_chunks) - 1}
        for i, chunk in enumerate(body_chunks)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    headers: dict[bytes, list[bytes]] = {}
    for name, value in start["headers"]:
        headers.setdefault(name, []).append(value)
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert not sent[-1].get("more_body", False)
    return start["status"], headers, body


def echo_app(environ: dict, start_response) -> list[bytes]:
    """A WSGI application that answers with what it was given."""
    body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"] or 0))
    text = "|".join(
        [
            environ["PATH_INFO"].encode("latin-1").decode("utf-8"),
            environ["QUERY_STRING"],
            environ.get("HTTP_COOKIE", ""),
        ]
    )
    start_response("201 Created", [("Content-Type", "text/plain; charset=utf-8"), ("X-Length", str(len(body)))])
    return [text.encode(), b"|", body]


def test_paths_query_strings_cookies_and_bodies_reach_the_application_as_a_wsgi_server_passes_them():
    scope = http_scope(
        "/tìm kiếm/",
        "POST",
        query=b"q=m%C3%A1y+ch%E1%BB%A7",
        headers=[(b"cookie", b"a=1"), (b"cookie", b"b=2"), (b"transfer-encoding", b"chunked")],
    )
    status, headers, body = call(WSGIOverASGI(echo_app, threads=1), scope, [b"part one, ", b"part two"])
    assert status == 201
    assert headers[b"x-length"] == [b"18"]  # a chunked body, read whole: its real length
    assert body.decode() == "/tìm kiếm/|q=m%C3%A1y+ch%E1%BB%A7|a=1; b=2|part one, part two"


def test_a_client_that_leaves_before_its_body_is_sent_gets_nothing_and_runs_nothing():
    ran = []

    def app(environ, start_response):
        ran.append(environ)
        start_response("200 OK", [])
        return [b""]

    sent = []

    async def receive() -> dict:
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(WSGIOverASGI(app, threads=1)(http_scope("/", "POST"), receive, send))
    assert ran == [] and sent == []


def test_other_scopes_are_refused():
    async def nothing() -> dict:
        return {}

    async def ignore(message: dict) -> None:
        return None

    with pytest.raises(ValueError, match="HTTP only"):
        asyncio.run(WSGIOverASGI(echo_app)({"type": "websocket"}, nothing, ignore))


def _peak_concurrency(threads: int, requests: int) -> tuple[int, list[int]]:
    lock, running, peak = threading.Lock(), [0], [0]

    def slow_app(environ: dict, start_response) -> list[bytes]:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        start_response("200 OK", [])
        return [b"ok"]

    app = WSGIOverASGI(slow_app, threads=threads)

    async def one() -> int:
        sent = []

        async def receive() -> dict:
            return {"type": "http.request", "body": b""}

        async def send(message: dict) -> None:
            sent.append(message)

        await app(http_scope("/"), receive, send)
        return sent[0]["status"]

    async def all_of_them() -> list[int]:
        return await asyncio.gather(*(one() for _ in range(requests)))

    statuses = asyncio.run(all_of_them())
    return peak[0], statuses


def test_at_most_the_configured_number_of_requests_work_at_once():
    peak, statuses = _peak_concurrency(threads=2, requests=6)
    assert peak == 2
    assert statuses == [200] * 6  # the others waited their turn; none was dropped


def test_the_setting_decides_the_number(settings):
    settings.HOTRO_WEB_THREADS = 6
    app = WSGIOverASGI(echo_app)
    assert app.pool()._max_workers == 6


@pytest.mark.django_db(transaction=True)
def test_a_real_page_its_form_and_its_request_finished_signal_run_in_one_thread():
    threads: dict[str, int] = {}

    def finished(**kwargs: object) -> None:
        threads["finished"] = threading.get_ident()

    app = WSGIOverASGI()
    request_finished.connect(finished)
    try:
        status, headers, body = call(app, http_scope("/accounts/login/", headers=[(b"accept-language", b"vi")]))
    finally:
        request_finished.disconnect(finished)
    assert status == 200
    assert b'lang="vi"' in body
    assert any(value.startswith(b"csrftoken=") for value in headers.get(b"set-cookie", []))
    assert threads["finished"] in {t.ident for t in threading.enumerate() if t.name.startswith("hotro-web")}
    # A form posted without its CSRF token is refused by the middleware, as through any WSGI server.
    status, _headers, _body = call(
        app,
        http_scope("/accounts/login/", "POST", headers=[(b"content-type", b"application/x-www-form-urlencoded")]),
        [b"username=a%40example.com&password=x"],
    )
    assert status == 403


@pytest.mark.django_db(transaction=True)
def test_a_streaming_response_arrives_whole_in_several_chunks():
    from django.http import StreamingHttpResponse

    def app(environ: dict, start_response):
        response = StreamingHttpResponse(iter([b"one ", b"two ", b"three"]))
        start_response("200 OK", list(response.items()))
        return response

    sent = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(WSGIOverASGI(app, threads=1)(http_scope("/"), receive, send))
    bodies = [m["body"] for m in sent if m["type"] == "http.response.body"]
    assert b"".join(bodies) == b"one two three"
    assert len(bodies) == 4 and sent[-1].get("more_body", False) is False


def test_a_view_that_awaits_something_does_it_in_the_servers_event_loop():
    """A channel layer's group_send from a view must run where the sockets wait (the in-memory layer)."""
    seen = {}

    async def where() -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    def app(environ: dict, start_response) -> list[bytes]:
        seen["loop"] = async_to_sync(where)()
        start_response("200 OK", [])
        return [b"ok"]

    async def serve() -> asyncio.AbstractEventLoop:
        sent = []

        async def receive() -> dict:
            return {"type": "http.request", "body": b""}

        async def send(message: dict) -> None:
            sent.append(message)

        await WSGIOverASGI(app, threads=1)(http_scope("/"), receive, send)
        assert sent[0]["status"] == 200
        return asyncio.get_running_loop()

    assert asyncio.run(serve()) is seen["loop"]
