"""The live console's fan-out: one ticket change pushed to N connected agent consoles (issue #17).

    .venv/bin/python -m bench.console_fanout --pg postgres://postgres@127.0.0.1:5432 --json /tmp/fanout.json

Creates (or recreates) the database ``--db``, migrates it, loads the provider defaults and adds
``--agents`` technical agents (200 by default), a signed-in session each, and one ticket. The
server is the production one in its own process (``python -m hotro.core.serve --workers 1``,
DEBUG off, the in-memory channel layer as without ``REDIS_URL``); the sockets come from this
process (asyncio and the ``websockets`` client), one ``/ws/console/`` per agent. Then
``--changes`` times, one agent changes the ticket's priority through the console (an HTTP POST,
as the sidebar's form does) and every socket waits for the ``ticket`` frame it causes.

Two latencies per frame received: from the change (the ticket's ``updated_at`` in the frame,
written in the transaction just before its commit) to the frame in this process, which is the
fan-out the target is about (p99 under 100 ms); and from the POST being sent, which adds the
request itself. Both are p50/p95/p99/max over every (change, socket) pair; a frame that never
comes counts as the slowest. The server worker's CPU per change and this machine's load
average are reported too: the machine may be shared, and a busy one shows in the tail.

Prints the result as JSON (``--json FILE`` writes it too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg

from bench.chat_sockets import cpu_seconds, latency, raise_fd_limit, serve
from bench.mail_ingest import emit, prepare

TARGET_P99_MS = 100.0
CONNECTS_AT_ONCE = 32


def log(text: str) -> None:
    print(f"[console_fanout] {text}", file=sys.stderr, flush=True)


def make_desk(agents: int) -> tuple[list[str], str, str]:
    """``agents`` technical agents with a session each, one ticket; (session keys, actor's key, number)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    from hotro.accounts.services import create_agent, get_or_create_contact
    from hotro.desk import services
    from hotro.desk.models import Department

    technical = Department.objects.get(slug="technical")

    def session_for(user: Any) -> str:
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "hotro.accounts.backends.AccountBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return str(session.session_key)

    keys = []
    for n in range(agents):
        user = create_agent(f"fanout-{n}@cloudmini.example", None, name=f"Agent {n}", departments=[technical])
        keys.append(session_for(user))
    actor = create_agent("fanout-actor@cloudmini.example", None, name="Actor", departments=[technical])
    contact = get_or_create_contact("khach@example.com", name="Khách")
    ticket = services.open_ticket(requester=contact, department=technical, subject="Fan-out", body="Xin chào")
    number = ticket.number
    actor_key = session_for(actor)
    connections.close_all()
    return keys, actor_key, number


class Console:
    """One agent's socket and what it saw of the measured changes."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.frames: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()

    async def read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            if frame.get("type") == "ticket":
                self.frames.put_nowait((time.time(), frame))


async def open_console(port: int, key: str) -> Console:
    from websockets.asyncio.client import connect

    ws = await connect(
        f"ws://127.0.0.1:{port}/ws/console/",
        origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]  # a str is an Origin
        additional_headers={"Cookie": f"sessionid={key}"},
        open_timeout=60,
        ping_interval=None,
        max_queue=None,
    )
    hello = json.loads(await asyncio.wait_for(ws.recv(), timeout=60))
    if hello.get("type") != "hello":
        raise RuntimeError(f"console socket: expected hello, got {hello}")
    return Console(ws)


class Actor:
    """The agent who changes the ticket, through the console's own form (session + CSRF token)."""

    def __init__(self, port: int, key: str, number: str) -> None:
        self.base, self.number, self.cookies = f"http://127.0.0.1:{port}", number, {"sessionid": key}
        page = self.request("GET", f"/console/tickets/{number}/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None or "csrftoken" not in self.cookies:
            raise RuntimeError("the ticket page gave no CSRF token; is the actor signed in?")
        self.token = found.group(1)

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None:
            request.add_header("X-CSRFToken", self.cookies["csrftoken"])
            request.add_header("Referer", self.base + f"/console/tickets/{self.number}/")

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # the 302 after a POST
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        status = response.status if hasattr(response, "status") else response.code
        if status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {status}")
        return response.read().decode("utf-8", "replace")

    def change(self, priority: int) -> None:
        self.request("POST", f"/console/tickets/{self.number}/priority/", {"priority": str(priority)})


async def wait_for(
    console: Console, number: str, priority: int, timeout: float = 10
) -> tuple[float, dict[str, Any]] | None:
    """The frame of this change on this socket (arrival time, frame), or None if it never came."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            received, frame = await asyncio.wait_for(console.frames.get(), timeout=deadline - time.monotonic())
        except TimeoutError:
            return None
        if frame["number"] == number and frame["priority"] == priority:
            return received, frame


async def measure(port: int, pid: int, keys: list[str], actor_key: str, number: str, changes: int) -> dict[str, Any]:
    slots = asyncio.Semaphore(CONNECTS_AT_ONCE)

    async def one(key: str) -> Console:
        async with slots:
            return await open_console(port, key)

    started = time.perf_counter()
    consoles = await asyncio.gather(*(one(key) for key in keys))
    opened_s = time.perf_counter() - started
    log(f"{len(consoles)} consoles open in {opened_s:.1f} s")
    readers = [asyncio.create_task(c.read()) for c in consoles]
    actor = await asyncio.to_thread(Actor, port, actor_key, number)
    from_change: list[float] = []
    from_post: list[float] = []
    missing = 0
    cpu_before = cpu_seconds(pid)
    try:
        for n in range(changes + 1):  # the first change warms the code paths and is not counted
            priority = 1 if n % 2 else 2  # urgent and high in turn: the ticket starts as normal
            sent = time.time()
            await asyncio.to_thread(actor.change, priority)
            arrived = await asyncio.gather(*(wait_for(c, number, priority) for c in consoles))
            if n == 0:
                continue
            for got in arrived:
                if got is None:
                    missing += 1
                    continue
                received, frame = got
                changed = datetime.fromisoformat(frame["updated_at"]).timestamp()
                from_change.append(1000 * (received - changed))
                from_post.append(1000 * (received - sent))
            await asyncio.sleep(0.2)
    finally:
        server_cpu = cpu_seconds(pid) - cpu_before
        for task in readers:
            task.cancel()
        for console in consoles:
            console.ws.transport.abort()
    fanout = latency(from_change, missing)
    return {
        "sockets": len(consoles),
        "changes": changes,
        "opened_s": round(opened_s, 1),
        "fanout_from_change": fanout,
        "from_post_sent": latency(from_post, missing),
        "server_cpu_ms_per_change": round(1000 * server_cpu / (changes + 1), 1),
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "cpus": os.cpu_count(),
        "target_p99_under_100ms": fanout["p99_ms"] is not None and fanout["p99_ms"] < TARGET_P99_MS,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="hotro_bench_fanout")
    parser.add_argument("--agents", type=int, default=200, help="connected agent consoles")
    parser.add_argument("--changes", type=int, default=20, help="measured ticket changes")
    parser.add_argument("--out", help="directory for the server log (default: a temporary one)")
    parser.add_argument("--json", help="also write the result to this file")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    if not args.db.startswith("hotro_bench_fanout"):
        raise SystemExit("bench.console_fanout: the database's name must start with hotro_bench_fanout")
    os.environ.pop("REDIS_URL", None)  # one process: the in-memory channel layer
    pg = args.pg.rstrip("/")
    out = Path(args.out or f"/tmp/{args.db}")
    out.mkdir(parents=True, exist_ok=True)
    try:
        raise_fd_limit()
        prepare(pg, args.db)
        keys, actor_key, number = make_desk(args.agents)
        env = {"ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0"}
        with serve(out, "fanout", env, "hotro.asgi:application") as server:
            result = asyncio.run(measure(server.port, server.pid, keys, actor_key, number, args.changes))
        result["server"] = "python -m hotro.core.serve --workers 1 (uvicorn, in-memory channel layer)"
    finally:
        if not args.keep_db:
            with psycopg.connect(f"{pg}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
    emit(result, args.json)


if __name__ == "__main__":
    main()
