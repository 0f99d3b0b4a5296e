"""The web server as Hotro runs it: uvicorn's multi-process supervisor, with Nagle's algorithm off.

``uvicorn --workers N`` binds its listening socket with ``proto=0``; accepted
sockets inherit it and asyncio then skips ``TCP_NODELAY`` (it checks
``proto == IPPROTO_TCP``), so on a keep-alive connection every request after the
first waits about 40 ms for the client's delayed ACK (uvicorn issue #3149). The
benchmark measured "hello" at 44 requests/s that way and about 950 with this fix.
This binds the socket with ``IPPROTO_TCP`` and is otherwise uvicorn's own:

    python -m hotro.core.serve --host 127.0.0.1 --port 8000 --workers 4
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

import uvicorn
from uvicorn.supervisors import Multiprocess


class NoDelayConfig(uvicorn.Config):
    def bind_socket(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.set_inheritable(True)
        return sock


def _fresh_metrics_dir(path: str) -> None:
    """Prometheus' multi-process files of a previous run would carry its counts into this one."""
    if not path:
        return
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="hotro.asgi:application")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-* from the reverse proxy")
    parser.add_argument("--log-level", default="warning")
    parser.add_argument(
        "--graceful-shutdown",
        type=int,
        default=10,
        help="seconds a stopping worker waits for open requests and sockets before closing them",
    )
    args = parser.parse_args(argv)
    if args.workers > 1 and not os.environ.get("REDIS_URL"):
        print(
            "hotro.core.serve: several workers without REDIS_URL: live chat's frames stay in the process that made"
            " them (a visitor and an agent on different workers would not see each other). Set REDIS_URL.",
            file=sys.stderr,
        )
    _fresh_metrics_dir(os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""))
    config = NoDelayConfig(
        args.app,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        log_level=args.log_level,
        proxy_headers=args.proxy_headers,
        # Chat frames are a few hundred bytes: compressing them saves nothing and costs about 40 KiB of
        # memory per open socket (the chat benchmark: 76 KiB per idle socket with it, 35 without).
        ws_per_message_deflate=False,
        # A chat socket stays open until its visitor leaves: without a bound, a restart would wait for all of them.
        timeout_graceful_shutdown=args.graceful_shutdown,
    )
    Multiprocess(config, sockets=[config.bind_socket()]).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
