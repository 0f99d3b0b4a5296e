"""Serve the whole desk from one command: the ASGI web server, a task worker, the scheduler and the
IMAP IDLE watcher.

This is the embedded mode that ``make run`` uses; production runs the four as
separate services (see ``deploy/``).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from types import FrameType

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server (uvicorn, ASGI), the task worker, the scheduler and the IMAP IDLE watcher together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="web server processes")

    def handle(self, *args: object, host: str, port: int, workers: int, **options: object) -> None:
        python = sys.executable
        commands = {
            "web": [
                python, "-m", "hotro.core.serve",
                "--host", host, "--port", str(port), "--workers", str(workers), "--log-level", "info",
            ],
            "worker": [python, "manage.py", "db_worker", "--queue-name", "*", "--interval", "1"],
            "scheduler": [python, "manage.py", "scheduler"],
            "mail-idle": [python, "manage.py", "mail_idle"],
        }  # fmt: skip
        children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603
        self.stdout.write(f"Hotro is serving on http://{host}:{port}/ (Ctrl+C stops it)")
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        exit_code = 0
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    self.stderr.write(f"{name} stopped with status {child.returncode}; stopping the rest")
                    exit_code = child.returncode or 1
                    stopping = True
            time.sleep(0.5)
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        if exit_code:
            raise SystemExit(exit_code)
