import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from hotro.core.scheduler import run_due_jobs


class Command(BaseCommand):
    help = "Run periodic jobs (outbox retries, and later SLA scans and mailbox polls). Safe on several machines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between looks for due jobs")
        parser.add_argument("--once", action="store_true", help="run what is due once and exit")

    def handle(self, *args: object, interval: float, once: bool, **options: Any) -> None:
        running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            ran = run_due_jobs()
            if ran and int(options.get("verbosity", 1)) > 1:
                self.stdout.write(f"ran: {', '.join(ran)}")
            if once or not running:
                return
            deadline = time.monotonic() + interval
            while running and time.monotonic() < deadline:
                time.sleep(0.2)
            if not running:
                return
            close_old_connections()  # a long-lived loop must not keep a dead or expired connection
