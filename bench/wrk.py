"""Run wrk against 127.0.0.1 and read its report (requests/s, p50, p99, errors; p95 for rotated GETs)."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

POST_LUA = """\
-- A form POST with the session and CSRF cookies; each request gets its own subject.
local counter = 0
local body = os.getenv("BENCH_POST_BODY")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Referer"] = os.getenv("BENCH_REFERER")
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, body .. counter)
end
"""

ROTATE_LUA = """\
-- GETs of one path with a rotating query string (BENCH_QUERIES, "|"-separated), signed in.
-- wrk --latency prints 50/75/90/99 % only: done() adds the 95th percentile.
local queries = {}
for q in string.gmatch(os.getenv("BENCH_QUERIES"), "[^|]+") do queries[#queries + 1] = q end
local path = os.getenv("BENCH_PATH")
local counter = 0
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
request = function()
  counter = counter + 1
  return wrk.format("GET", path .. queries[(counter % #queries) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("Latency p95: %dus\\n", latency:percentile(95)))
end
"""

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float | None
    p99_ms: float | None
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    raw: str
    p95_ms: float | None = None  # only when the run's script reports it (rotated GETs)

    @property
    def ok(self) -> bool:
        return self.requests > 0 and self.non_2xx_3xx == 0 and self.socket_errors == 0


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise ValueError(f"unexpected wrk latency {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(text: str) -> WrkResult:
    """Numbers from ``wrk --latency`` output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    p95 = re.search(r"^Latency p95: (\S+)", text, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return WrkResult(
        requests_per_s=float(rate.group(1)) if rate else 0.0,
        p50_ms=_ms(p50.group(1)) if p50 else None,
        p99_ms=_ms(p99.group(1)) if p99 else None,
        requests=int(total.group(1)) if total else 0,
        non_2xx_3xx=int(bad.group(1)) if bad else 0,
        socket_errors=sum(int(n) for n in sock.groups()) if sock else 0,
        raw=text,
        p95_ms=_ms(p95.group(1)) if p95 else None,
    )


def run(
    url: str,
    *,
    connections: int,
    duration: str,
    cookie: str = "",
    post_body: str | None = None,
    queries: list[str] | None = None,
    workdir: Path,
    label: str,
) -> WrkResult:
    """One wrk run (bounded by ``duration`` plus a timeout); the raw output is kept in ``workdir``.

    ``queries``: query strings (``?q=...``, already URL-encoded) appended to ``url``'s path in
    turn, one a request; the result then carries p95 too.
    """
    assert url.startswith("http://127.0.0.1:"), "benchmark traffic stays on 127.0.0.1"
    threads = min(2, connections)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout", "30s", "--latency"]
    env = dict(os.environ)
    if post_body is not None:
        script = workdir / "post.lua"
        script.write_text(POST_LUA)
        cmd += ["-s", str(script)]
        env.update(BENCH_POST_BODY=post_body, BENCH_COOKIE=cookie, BENCH_REFERER=url)
    elif queries:
        script = workdir / "rotate.lua"
        script.write_text(ROTATE_LUA)
        cmd += ["-s", str(script)]
        path = "/" + url.split("/", 3)[3].split("?", 1)[0]
        env.update(BENCH_QUERIES="|".join(queries), BENCH_COOKIE=cookie, BENCH_PATH=path)
    elif cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(url)
    seconds = _seconds(duration)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 120, check=False)
    text = proc.stdout + proc.stderr
    (workdir / f"wrk-{label}.txt").write_text(text)
    return parse(text)


def _seconds(duration: str) -> int:
    match = re.fullmatch(r"(\d+)([smh]?)", duration)
    if not match:
        raise ValueError(f"duration must look like 10s, 2m or 30 (got {duration!r})")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]
