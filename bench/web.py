"""Serve the app the production way (uvicorn, N workers) on a free 127.0.0.1 port, and sign people in."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes


def request(
    port: int, method: str, path: str, *, cookies: dict[str, str] | None = None, form: dict[str, str] | None = None
) -> Response:
    """One HTTP/1.1 request to 127.0.0.1 without following redirects."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"127.0.0.1:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}{path}"
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        jar: dict[str, str] = {}
        for value in resp.headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            parsed.load(value)
            jar.update({k: m.value for k, m in parsed.items()})
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, jar, resp.read())
    finally:
        conn.close()


def sign_in(port: int, email: str, password: str) -> dict[str, str]:
    """Cookies (session + CSRF) of a session signed in through the real login form."""
    page = request(port, "GET", "/accounts/login/")
    cookies = dict(page.cookies)
    form = {"username": email, "password": password, "csrfmiddlewaretoken": cookies["csrftoken"]}
    done = request(port, "POST", "/accounts/login/", cookies=cookies, form=form)
    if done.status != 302 or "sessionid" not in done.cookies:
        raise RuntimeError(f"sign-in of {email} failed: HTTP {done.status}")
    cookies.update(done.cookies)  # the session, and the CSRF token rotated at sign-in
    return cookies


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


@dataclass(frozen=True)
class Server:
    port: int
    group: int  # process group of the supervisor and its workers (for their CPU time)


def _stat_fields(pid: str) -> list[str] | None:
    try:
        return (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None  # the process ended meanwhile


def cpu_seconds(*, group: int | None = None, command: str | None = None) -> float:
    """User + system CPU time of the live processes of a process group (the server and its
    workers) or with this command name (``postgres``: every backend). Noise on a shared machine
    moves requests/s a lot and CPU per request little, so both are reported."""
    total = 0
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        fields = _stat_fields(pid)
        if fields is None:
            continue
        if group is not None and int(fields[2]) != group:  # fields[2]: pgrp
            continue
        if command is not None:
            try:
                if (Path("/proc") / pid / "comm").read_text().strip() != command:
                    continue
            except OSError:
                continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def serve(
    env: dict[str, str], *, settings: str, workers: int, log: Path, probe: str, server: str = "nodelay"
) -> Iterator[Server]:
    """uvicorn with ``workers`` processes, DEBUG off, on a free port; stopped (by its pid) on exit.

    ``server="uvicorn"`` is plain ``uvicorn --workers N``; ``"nodelay"`` (what ``deploy/`` runs) is
    the same supervisor with TCP_NODELAY on its connections (``hotro.core.serve``: uvicorn #3149).
    """
    port = free_port()
    if server == "uvicorn":
        cmd = [
            sys.executable, "-m", "uvicorn", "hotro.asgi:application", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
    else:
        cmd = [sys.executable, "-m", "hotro.core.serve", "--port", str(port), "--workers", str(workers)]
    full_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": settings}
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=out, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {proc.returncode}; see {log}")
            try:
                if request(port, "GET", probe).status < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not answer within 60 s; see {log}")
            time.sleep(0.2)
        # Every worker imports and warms up lazily; touch the app a few times so no wrk run pays for it.
        for _ in range(workers * 4):
            request(port, "GET", probe)
        yield Server(port, proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
