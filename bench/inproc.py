"""CPU per request inside one process, with no server and no load generator: what each middleware costs.

    DJANGO_SETTINGS_MODULE=bench.hello_settings .venv/bin/python -m bench.inproc --requests 3000

Builds Django's WSGI handler with the first k middleware of the project's ``MIDDLEWARE`` for every
k (a middleware may need those before it, never those after), and calls it with a prepared
request for the bare ``hello`` view. Process CPU time (not wall time) per request is steadier
than a wrk run on a shared machine: another process on the other core slows it only through the
caches. The step from k-1 to k is the k-th middleware's own cost (for an anonymous GET; a
signed-in page pays more for sessions and authentication).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from typing import Any


def environ(path: str, cookie: str = "") -> dict[str, Any]:
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_LANGUAGE": "vi,en;q=0.8",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def cpu_per_request(middleware: list[str], path: str, requests: int, rounds: int = 5, cookie: str = "") -> float:
    """Median over ``rounds`` of the process CPU milliseconds per request through ``middleware``."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    with override_settings(MIDDLEWARE=middleware):
        handler = WSGIHandler()

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        if not status.startswith(("200", "302")):
            raise RuntimeError(f"{path}: {status}")

    for _ in range(max(50, requests // 10)):  # warm caches, lazy imports, translations
        b"".join(handler(environ(path, cookie), start_response))
    samples = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            b"".join(handler(environ(path, cookie), start_response))
        samples.append(1000 * (time.process_time() - started) / requests)
    return statistics.median(samples)


def middleware_table(path: str, requests: int) -> dict[str, Any]:
    from django.conf import settings

    full = list(settings.MIDDLEWARE)
    bare = previous = cpu_per_request([], path, requests)
    rows = []
    for k, name in enumerate(full, start=1):
        current = cpu_per_request(full[:k], path, requests)
        rows.append({"middleware": name, "cost_ms": round(current - previous, 4)})
        previous = current
    return {"path": path, "whole_stack_ms": round(previous, 4), "no_middleware_ms": round(bare, 4), "rows": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"CPU per request for `{result['path']}` in one process (median of 5 rounds):",
        "",
        "| middleware | its cost (ms) |",
        "|---|---|",
    ]
    lines += [f"| `{row['middleware']}` | {row['cost_ms']:.3f} |" for row in result["rows"]]
    lines += [
        f"| **whole stack** | **{result['whole_stack_ms']:.3f}** |",
        f"| no middleware (URL resolving, view, response) | {result['no_middleware_ms']:.3f} |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/hello/")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--json", help="write the result here too")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.hello_settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    result = middleware_table(args.path, args.requests)
    print(markdown(result))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
