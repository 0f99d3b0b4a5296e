"""Live chat's WebSocket serving: how many visitor sockets one server process holds (issue #11).

    .venv/bin/python -m bench.chat_sockets --pg postgres://postgres@127.0.0.1:5432 --json /tmp/chat.json

Creates (or recreates) the database ``--db``, migrates it, loads the provider defaults and
adds the chat widget (``default``, allowed on https://www.cloudmini.example), a technical
agent and a signed-in session of theirs; drops the database at the end (``--keep-db`` keeps
it). The server is the production one in its own process (``python -m hotro.core.serve
--workers 1``, DEBUG off, the in-memory channel layer as without ``REDIS_URL``); the sockets
come from this process (asyncio and the ``websockets`` client, which offers
permessage-deflate as browsers do). Two phases, each on a freshly started server:

1. **Idle sockets**: visitor sockets that get their ``welcome`` and nothing else, opened in a
   ramp (``--idle``); the server worker's resident memory (``VmRSS``) after each step against
   the one before the first gives KiB per idle socket. The same ramp without compression
   (``--idle-plain``) shows what permessage-deflate costs.
2. **Active chats**: N visitors each ``start`` a technical chat (open 24/7) and then send a
   message every ``--interval`` seconds (jittered ±50 %) for ``--duration`` seconds; one agent
   socket follows every chat (``open``) and gets each visitor message as ``message`` (its text
   carries the message's id). Relay latency (visitor send → agent
   frame) p50/p95/p99, acknowledgement latency (send → ``ack``: stored), messages/s, the server
   worker's and PostgreSQL's CPU per message. N ramps (``--active``) until p99 passes
   a second (or a message goes unrelayed); the result names the largest N under 100 ms.

A commit probe times single-row INSERT + COMMIT on the same database (one connection): every
chat message is stored before it is acknowledged, so that is the floor of a message's cost.
The generator's own CPU share and event-loop lag are reported per step: a p99 lag above
``LAG_LIMIT_MS`` means the load generator, not the server, limited the step.

Prints the result as JSON (``--json FILE`` writes it too, and the tables as Markdown beside it).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from bench import web
from bench.mail_ingest import emit, prepare

ORIGIN = "https://www.cloudmini.example"
TARGET_SOCKETS = 5_000
TARGET_IDLE_KIB = 20
TARGET_P99_MS = 100.0
LAG_LIMIT_MS = 20.0  # the generator's loop lag (p99) above which a step measured the generator
CONNECTS_AT_ONCE = 64  # handshakes in flight: the server runs every socket's DB work in one thread
STOP_P99_MS = 1000.0  # the ramp goes on past the target (to show the trend) until p99 passes this
DRAIN_SECONDS = 10.0  # after the sending stops, how long relays may still arrive
SETUP = "widget default on https://www.cloudmini.example, agent chat-bench@cloudmini.example in technical"


def log(text: str) -> None:
    print(f"[chat_sockets] {text}", file=sys.stderr, flush=True)


# --- the desk and its server process -------------------------------------------------------


def make_desk() -> str:
    """The widget, a technical agent and their session (this process has Django set up on the bench
    database by ``prepare``); returns the session key for the agent socket's cookie."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    from hotro.accounts.services import create_agent
    from hotro.chat.models import ChatWidget
    from hotro.desk.models import Department

    technical = Department.objects.get(slug="technical")
    agent = create_agent("chat-bench@cloudmini.example", "x-pass-123456", name="Bench", departments=[technical])
    ChatWidget.objects.update_or_create(key="default", defaults={"allowed_origins": ORIGIN})
    session = SessionStore()
    session["_auth_user_id"] = str(agent.pk)
    session["_auth_user_backend"] = "hotro.accounts.backends.AccountBackend"
    session["_auth_user_hash"] = agent.get_session_auth_hash()
    session.create()
    connections.close_all()
    return str(session.session_key)


def server_env(interval: float) -> dict[str, str]:
    """Production settings, plus a per-visitor rate limit the jittered sending cannot trip."""
    from django.conf import settings

    per_minute = max(settings.HOTRO_CHAT_MESSAGES_PER_MINUTE, math.ceil(2 * 60 / interval))
    return {"ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "0", "HOTRO_CHAT_MESSAGES_PER_MINUTE": str(per_minute)}


def worker_pid(supervisor: int) -> int:
    """uvicorn's supervisor starts the one worker process that serves the sockets."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for child in Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split():
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():  # not the resource tracker
                return int(child)
        time.sleep(0.1)
    raise RuntimeError("the server's worker process did not start")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def raise_fd_limit() -> int:
    """Open files up to the hard limit, for this process and the server it starts (inherited)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def commit_probe(pg: str, db: str, rows: int = 300) -> dict[str, Any]:
    """Single-row INSERT + COMMIT on one connection: the database's serial write rate here."""
    with psycopg.connect(f"{pg}/{db}", autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_commit_probe (id serial PRIMARY KEY, body text)")
        try:
            times = []
            for n in range(rows):
                started = time.perf_counter()
                with conn.transaction():
                    conn.execute("INSERT INTO bench_commit_probe (body) VALUES (%s)", (f"probe {n}",))
                times.append(1000 * (time.perf_counter() - started))
        finally:
            conn.execute("DROP TABLE bench_commit_probe")
        fsync = conn.execute("SHOW synchronous_commit").fetchone()
    return {
        "commit_ms": round(sum(times) / rows, 2),
        "commit_p99_ms": percentile(times, 99),
        "commits_per_s": round(1000 * rows / sum(times)),
        "synchronous_commit": fsync[0] if fsync else None,
    }


# --- statistics ----------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile; ``inf`` entries (never arrived) count as the slowest."""
    if not values:
        return None
    ordered = sorted(values)
    value = ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]
    return round(value, 2) if math.isfinite(value) else None


def latency(values: list[float], missing: int = 0) -> dict[str, Any]:
    padded = values + [math.inf] * missing
    return {
        "p50_ms": percentile(padded, 50),
        "p95_ms": percentile(padded, 95),
        "p99_ms": percentile(padded, 99),
        "max_ms": round(max(values), 2) if values else None,
        "missing": missing,
    }


class LoopLag:
    """How late this process's event loop wakes up: the generator keeping up or not."""

    def __init__(self, tick: float = 0.05) -> None:
        self.tick, self.lags = tick, []
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.tick)
            self.lags.append(1000 * (time.perf_counter() - before - self.tick))

    def start(self) -> None:
        self.lags = []
        self.task = asyncio.create_task(self._run())

    def stop(self) -> float | None:
        if self.task is not None:
            self.task.cancel()
        return percentile(self.lags, 99)


# --- sockets -------------------------------------------------------------------------------


async def open_visitor(port: int, compression: bool) -> Any:
    """A visitor socket from the widget's site, once its ``welcome`` arrived."""
    from websockets.asyncio.client import connect

    ws = await connect(
        f"ws://127.0.0.1:{port}/ws/chat/visitor/?widget=default&lang=en",
        origin=ORIGIN,  # type: ignore[arg-type]  # a str is an Origin
        compression="deflate" if compression else None,
        open_timeout=120,
        ping_interval=None,  # browsers do not ping; the server pings every 20 s
        close_timeout=2,
    )
    welcome = json.loads(await asyncio.wait_for(ws.recv(), timeout=120))
    if welcome.get("type") != "welcome":
        raise RuntimeError(f"visitor socket: expected welcome, got {welcome.get('type')}")
    return ws


async def open_many(port: int, count: int, compression: bool) -> tuple[list[Any], int, float]:
    """``count`` visitor sockets, ``CONNECTS_AT_ONCE`` handshakes at a time: (sockets, failures, seconds)."""
    slots = asyncio.Semaphore(CONNECTS_AT_ONCE)

    async def one() -> Any:
        async with slots:
            return await open_visitor(port, compression)

    started = time.perf_counter()
    results = await asyncio.gather(*(one() for _ in range(count)), return_exceptions=True)
    opened = [r for r in results if not isinstance(r, BaseException)]
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        log(f"{len(failures)} of {count} sockets failed to open, first: {failures[0]!r}")
    return opened, len(failures), time.perf_counter() - started


def drop_all(sockets: list[Any]) -> None:
    """Abort without the closing handshake: the server is stopped next anyway."""
    for ws in sockets:
        ws.transport.abort()
    sockets.clear()


async def idle_ramp(port: int, pid: int, levels: list[int], compression: bool) -> list[dict[str, Any]]:
    """Idle visitor sockets in steps; the worker's RSS growth per socket after each."""
    sockets, warm_failed, _ = await open_many(port, 20, compression)  # code paths and caches warm
    if warm_failed:
        raise RuntimeError("visitor sockets do not open; see the server log")
    await asyncio.sleep(1)
    base = rss_kib(pid)
    rows: list[dict[str, Any]] = []
    try:
        for level in levels:
            server_cpu, own_cpu = cpu_seconds(pid), time.process_time()
            opened, failed, seconds = await open_many(port, level - (len(sockets) - 20), compression)
            server_cpu, own_cpu = cpu_seconds(pid) - server_cpu, time.process_time() - own_cpu
            sockets += opened
            await asyncio.sleep(2)  # welcomes sent, buffers settled
            held = len(sockets) - 20
            rss = rss_kib(pid)
            rows.append(
                {
                    "sockets": held,
                    "failed": failed,
                    "opened_per_s": round(len(opened) / seconds, 1) if seconds else None,
                    "server_cpu_ms_per_open": round(1000 * server_cpu / len(opened), 2) if opened else None,
                    "generator_cpu_ms_per_open": round(1000 * own_cpu / len(opened), 2) if opened else None,
                    "worker_rss_mib": round(rss / 1024, 1),
                    "kib_per_socket": round((rss - base) / held, 1) if held else None,
                }
            )
            log(f"idle ({'deflate' if compression else 'plain'}): {rows[-1]}")
            if failed > max(5, level // 100):
                break
    finally:
        drop_all(sockets)
    return rows


# --- active chats --------------------------------------------------------------------------


@dataclass
class Traffic:
    """One step's messages: when each was sent, and what came back."""

    sent_relay: dict[str, float] = field(default_factory=dict)  # id → send time, until the agent sees it
    sent_ack: dict[str, float] = field(default_factory=dict)  # id → send time, until the ack
    relay_ms: list[float] = field(default_factory=list)
    serial: Iterator[int] = field(default_factory=itertools.count)
    followed: int = 0  # chats the agent's socket follows (a ``history`` frame answered its ``open``)
    ack_ms: list[float] = field(default_factory=list)
    sent: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def reset(self) -> None:
        self.sent_relay.clear()
        self.sent_ack.clear()
        self.relay_ms.clear()
        self.ack_ms.clear()
        self.sent = 0
        self.errors.clear()

    def pending(self) -> int:
        return len(self.sent_relay) + len(self.sent_ack)


async def agent_reader(ws: Any, traffic: Traffic) -> None:
    """The agent's console follows every chat (``open``): each visitor message arrives as ``message``."""
    async for raw in ws:
        frame = json.loads(raw)
        if frame["type"] == "history":
            traffic.followed += 1
            continue
        if frame["type"] != "message" or frame["message"]["author"] != "visitor":
            continue
        text = frame["message"]["body"]
        if text.startswith("bench "):
            sent = traffic.sent_relay.pop(text.split(" ", 2)[1], None)
            if sent is not None:
                traffic.relay_ms.append(1000 * (time.perf_counter() - sent))


async def visitor_reader(ws: Any, traffic: Traffic) -> None:
    async for raw in ws:
        frame = json.loads(raw)
        if frame["type"] == "ack":
            sent = traffic.sent_ack.pop(frame["client_id"], None)
            if sent is not None:
                traffic.ack_ms.append(1000 * (time.perf_counter() - sent))
        elif frame["type"] == "error":
            traffic.errors[frame.get("code", "?")] += 1


async def start_chat(ws: Any, n: int) -> int:
    """A technical chat (open 24/7), before the socket's reader takes over its frames; its id."""
    await ws.send(json.dumps({"type": "start", "name": f"Khách {n}", "topic": "technical"}))
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=120))
        if frame["type"] == "started":
            return int(frame["conversation"]["id"])
        if frame["type"] == "error":
            raise RuntimeError(f"start refused: {frame}")


async def send_messages(ws: Any, visitor: int, traffic: Traffic, interval: float, until: float) -> None:
    """One message every ``interval`` seconds (±50 %), the first at a random point of the first."""
    await asyncio.sleep(random.uniform(0, interval))
    while time.perf_counter() < until:
        # Unique across steps: a client id sent again is the same message (stored once, relayed once).
        uid = f"{visitor}.{next(traffic.serial)}"
        body = f"bench {uid} t={time.time():.6f} Xin chào, VPS của mình không truy cập được"
        now = time.perf_counter()
        traffic.sent_relay[uid] = traffic.sent_ack[uid] = now
        await ws.send(json.dumps({"type": "message", "client_id": uid, "body": body}))
        traffic.sent += 1
        await asyncio.sleep(interval * random.uniform(0.5, 1.5))


@dataclass
class Chats:
    """The active phase's sockets: one agent, visitors with a started chat and a reader each."""

    port: int
    session_key: str
    traffic: Traffic = field(default_factory=Traffic)
    visitors: list[Any] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    agent: Any = None

    async def open_agent(self) -> None:
        from websockets.asyncio.client import connect

        self.agent = await connect(
            f"ws://127.0.0.1:{self.port}/ws/chat/agent/",
            origin=f"http://127.0.0.1:{self.port}",  # type: ignore[arg-type]
            additional_headers={"Cookie": f"sessionid={self.session_key}"},
            ping_interval=None,
            max_queue=None,  # never stop reading: the agent's frames are the measurement
        )
        state = json.loads(await asyncio.wait_for(self.agent.recv(), timeout=60))
        if state.get("type") != "state":
            raise RuntimeError(f"agent socket: expected state, got {state}")
        self.tasks.append(asyncio.create_task(agent_reader(self.agent, self.traffic)))

    async def grow(self, count: int) -> float:
        """Visitors up to ``count``, each with a started chat; returns the seconds it took."""
        started = time.perf_counter()
        opened, failed, _ = await open_many(self.port, count - len(self.visitors), compression=True)
        if failed:
            raise RuntimeError(f"{failed} visitor sockets failed to open")
        slots = asyncio.Semaphore(CONNECTS_AT_ONCE)

        async def start(ws: Any, n: int) -> int:
            async with slots:
                return await start_chat(ws, n)

        first = len(self.visitors)
        ids = await asyncio.gather(*(start(ws, first + i) for i, ws in enumerate(opened)))
        for chat_id in ids:  # the agent follows every chat, as a console with the chats open does
            await self.agent.send(json.dumps({"type": "open", "conversation": chat_id, "after": 0}))
        deadline = time.perf_counter() + 120
        while self.traffic.followed < first + len(ids):  # measured messages must find the agent following
            if time.perf_counter() > deadline:
                raise RuntimeError(f"the agent follows {self.traffic.followed} of {first + len(ids)} chats")
            await asyncio.sleep(0.1)
        for ws in opened:
            self.tasks.append(asyncio.create_task(visitor_reader(ws, self.traffic)))
        self.visitors += opened
        return time.perf_counter() - started

    def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        drop_all(self.visitors)
        if self.agent is not None:
            self.agent.transport.abort()


async def active_step(chats: Chats, pid: int, interval: float, duration: float) -> dict[str, Any]:
    """Every visitor sends for ``duration`` seconds; what the agent saw, and what it cost the server."""
    traffic, lag = chats.traffic, LoopLag()
    await asyncio.sleep(1)  # the chats' own ``waiting`` frames are through
    traffic.reset()
    cpu_before, pg_before = cpu_seconds(pid), web.cpu_seconds(command="postgres")
    wall_before, own_before = time.perf_counter(), time.process_time()
    lag.start()
    until = wall_before + duration
    senders = [
        asyncio.create_task(send_messages(ws, n, traffic, interval, until)) for n, ws in enumerate(chats.visitors)
    ]
    await asyncio.gather(*senders)
    drain_until = time.perf_counter() + DRAIN_SECONDS
    while traffic.pending() and time.perf_counter() < drain_until:
        await asyncio.sleep(0.05)
    wall = time.perf_counter() - wall_before
    lag_p99 = lag.stop()
    server_cpu = cpu_seconds(pid) - cpu_before
    pg_cpu = web.cpu_seconds(command="postgres") - pg_before
    acked = len(traffic.ack_ms)
    relay = latency(traffic.relay_ms, len(traffic.sent_relay))
    return {
        "sockets": len(chats.visitors),
        "sent": traffic.sent,
        "relayed": len(traffic.relay_ms),
        "acked": acked,
        "errors": dict(traffic.errors),
        "messages_per_s": round(len(traffic.relay_ms) / duration, 1),
        "relay": relay,
        "ack": latency(traffic.ack_ms, len(traffic.sent_ack)),
        "server_cpu_ms_per_message": round(1000 * server_cpu / acked, 2) if acked else None,
        "server_cpu_percent": round(100 * server_cpu / wall, 1),
        "postgres_cpu_ms_per_message": round(1000 * pg_cpu / acked, 2) if acked else None,
        "generator_cpu_percent": round(100 * (time.process_time() - own_before) / wall, 1),
        "generator_lag_p99_ms": lag_p99,
        "ok": relay["p99_ms"] is not None and relay["p99_ms"] < TARGET_P99_MS and not traffic.errors,
    }


async def active_ramp(
    port: int, pid: int, session_key: str, levels: list[int], interval: float, duration: float
) -> list[dict[str, Any]]:
    """Steps of N chatting visitors until relay p99 passes a second (or a message is lost)."""
    chats = Chats(port, session_key)
    rows: list[dict[str, Any]] = []
    try:
        await chats.open_agent()
        for level in levels:
            seconds = await chats.grow(level)
            log(f"active: {level} chats started in {seconds:.1f} s; sending for {duration:g} s")
            row = await active_step(chats, pid, interval, duration)
            row["chats_started_per_s"] = round(level / seconds, 1) if seconds else None
            rows.append(row)
            log(f"active: {json.dumps(row)}")
            p99 = row["relay"]["p99_ms"]
            if p99 is None or p99 > STOP_P99_MS or row["errors"]:  # overloaded: larger steps only queue up
                break
    finally:
        chats.close()
    return rows


# --- the run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # the worker process that holds the sockets


@contextmanager
def serve(out: Path, name: str, env: dict[str, str], app: str) -> Iterator[Server]:
    """``hotro.core.serve --workers 1`` on a free port until the block ends (stopped by its process group)."""
    port = web.free_port()
    cmd = [sys.executable, "-m", "hotro.core.serve", "--port", str(port), "--workers", "1", "--app", app]
    with (out / f"server-{name}.log").open("ab") as log_file:
        proc = subprocess.Popen(
            cmd, cwd=web.ROOT, env={**os.environ, **env}, stdout=log_file, stderr=log_file, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {out / f'server-{name}.log'}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield Server(port, worker_pid(proc.pid))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def run(args: argparse.Namespace, pg: str, out: Path) -> dict[str, Any]:
    fd_limit = raise_fd_limit()
    session_key = make_desk()
    env = server_env(args.interval)
    app = "hotro.asgi:application"
    result: dict[str, Any] = {
        "setup": SETUP,
        "server": f"python -m hotro.core.serve --workers 1 --app {app} (uvicorn, websockets, in-memory channel layer)",
        "open_files_limit": fd_limit,
        "interval_s": args.interval,
        "duration_s": args.duration,
        "commit_probe": commit_probe(pg, args.db),
    }
    for name, levels, compression in (("idle", args.idle, True), ("idle_plain", args.idle_plain, False)):
        if levels:
            with serve(out, name, env, app) as server:
                result[name] = {
                    "compression": "permessage-deflate" if compression else None,
                    "worker_rss_mib_before": round(rss_kib(server.pid) / 1024, 1),
                    "steps": asyncio.run(idle_ramp(server.port, server.pid, levels, compression)),
                }
    if args.active:
        with serve(out, "active", env, app) as server:
            steps = asyncio.run(
                active_ramp(server.port, server.pid, session_key, args.active, args.interval, args.duration)
            )
            result["active"] = {"steps": steps}
    result["summary"] = summarise(result)
    return result


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    idle = result.get("idle", {}).get("steps", [])
    held = [s for s in idle if not s["failed"]]
    steps = result.get("active", {}).get("steps", [])
    passed = [s for s in steps if s["ok"]]
    best = max(passed, key=lambda s: s["sockets"]) if passed else None
    at_target = next((s for s in idle if s["sockets"] >= TARGET_SOCKETS), None)
    reference = at_target or (idle[-1] if idle else None)  # KiB per socket at 5,000, else the last step
    return {
        "idle_sockets_held": max((s["sockets"] for s in held), default=0),
        "idle_kib_per_socket": reference["kib_per_socket"] if reference else None,
        "largest_active_n_p99_under_100ms": best["sockets"] if best else 0,
        "messages_per_s_at_that_n": best["messages_per_s"] if best else None,
        "relay_p99_ms_at_that_n": best["relay"]["p99_ms"] if best else None,
        "target_5000_sockets_held": bool(held) and max(s["sockets"] for s in held) >= TARGET_SOCKETS,
        "target_idle_under_20_kib": bool(at_target) and at_target["kib_per_socket"] < TARGET_IDLE_KIB,
        "target_5000_active_p99_under_100ms": bool(best) and best["sockets"] >= TARGET_SOCKETS,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = ["## Live chat sockets (one server process)", ""]
    probe = result["commit_probe"]
    lines.append(
        f"Commit probe (synchronous_commit {probe['synchronous_commit']}): {probe['commit_ms']} ms per single-row "
        f"INSERT + COMMIT on one connection, p99 {probe['commit_p99_ms']} ms ({probe['commits_per_s']}/s)."
    )
    for name in ("idle", "idle_plain"):
        if name not in result:
            continue
        lines += ["", f"Idle visitor sockets, compression {result[name]['compression']}:", ""]
        lines += ["| sockets | failed | opened/s | worker RSS MiB | KiB per socket |", "|---|---|---|---|---|"]
        for s in result[name]["steps"]:
            row = (s["sockets"], s["failed"], s["opened_per_s"], s["worker_rss_mib"], s["kib_per_socket"])
            lines.append("| " + " | ".join(str(v) for v in row) + " |")
    if "active" in result:
        lines += [
            "",
            f"Active chats, a message every {result['interval_s']:g} s each, {result['duration_s']:g} s per step:",
        ]
        lines += [
            "",
            "| chats | msg/s | relay p50 / p95 / p99 ms | ack p99 ms | lost | server CPU ms/msg (% core) "
            "| PostgreSQL CPU ms/msg | generator lag p99 ms | p99 < 100 ms |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for s in result["active"]["steps"]:
            r = s["relay"]
            lines.append(
                f"| {s['sockets']} | {s['messages_per_s']} | {r['p50_ms']} / {r['p95_ms']} / {r['p99_ms']} "
                f"| {s['ack']['p99_ms']} | {r['missing']} | {s['server_cpu_ms_per_message']} "
                f"({s['server_cpu_percent']}) | {s['postgres_cpu_ms_per_message']} | {s['generator_lag_p99_ms']} "
                f"| {'yes' if s['ok'] else 'no'} |"
            )
    summary = result["summary"]
    lines += ["", "Summary: " + ", ".join(f"{k} = {v}" for k, v in summary.items())]
    return "\n".join(lines) + "\n"


def levels(text: str, ceiling: int) -> list[int]:
    return [n for n in (int(v) for v in text.split(",") if v.strip()) if 0 < n <= ceiling]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="hotro_bench_chat")
    parser.add_argument("--max-sockets", type=int, default=10_000, help="no step opens more visitor sockets")
    parser.add_argument("--idle", default="1000,2500,5000,7500,10000", help="idle socket steps (empty: skip)")
    parser.add_argument("--idle-plain", default="1000,5000", help="the same without compression (empty: skip)")
    parser.add_argument("--active", default="100,250,500,1000,1500,2000,3000,5000", help="chat steps (empty: skip)")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between a visitor's messages")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of sending per active step")
    parser.add_argument("--out", help="directory for the server logs (default: a temporary one)")
    parser.add_argument("--json", help="also write the result to this file (and the tables to FILE.md)")
    parser.add_argument(
        "--synchronous-commit",
        choices=("on", "off"),
        default="on",
        help="off: a what-if (the bench database only) to see how much the commit's flush limits",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    args.idle, args.idle_plain = levels(args.idle, args.max_sockets), levels(args.idle_plain, args.max_sockets)
    args.active = levels(args.active, args.max_sockets)
    if not args.db.startswith("hotro_bench_chat"):
        raise SystemExit("bench.chat_sockets: the database's name must start with hotro_bench_chat")
    os.environ.pop("REDIS_URL", None)  # one process: the in-memory channel layer
    pg = args.pg.rstrip("/")
    out = Path(args.out or f"/tmp/{args.db}")
    out.mkdir(parents=True, exist_ok=True)
    try:
        prepare(pg, args.db)
        with psycopg.connect(f"{pg}/postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{args.db}" SET synchronous_commit = {args.synchronous_commit}')
        result = run(args, pg, out)
    finally:
        if not args.keep_db:
            with psycopg.connect(f"{pg}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
    table = markdown(result)
    print(table, file=sys.stderr)
    if args.json:
        Path(args.json).with_suffix(".md").write_text(table)
    emit(result, args.json)


if __name__ == "__main__":
    main()
