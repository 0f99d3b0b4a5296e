"""``manage.py mail_idle``: watch every active mailbox with IMAP IDLE until SIGTERM or Ctrl+C.

A process of its own (``deploy/systemd/hotro-mail-idle.service``; ``rundesk`` starts
one too) because it holds one connection per mailbox for hours, which neither the
scheduler's short rounds nor a task worker should do. Run one per site: a second
one only doubles the connections (its fetches are harmless, see ``hotro.mail.idle``).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

from django.core.management.base import BaseCommand, CommandParser

from hotro.mail.idle import RESCAN_SECONDS, IdleSupervisor


class Command(BaseCommand):
    help = "Watch the active IMAP mailboxes with IDLE, so new mail becomes tickets at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rescan", type=float, default=RESCAN_SECONDS, help="seconds between looks at the mailbox list"
        )

    def handle(self, *args: object, rescan: float, **options: object) -> None:
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        IdleSupervisor(rescan_seconds=rescan).run(stop)
