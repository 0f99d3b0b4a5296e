"""A real SMTP server for tests: ``with smtp_server() as smtp: ...; smtp.messages``.

aiosmtpd runs in its own thread on a free port of 127.0.0.1 and keeps every
message it receives, parsed with the modern ``email`` policy.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CollectingHandler:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refuse_with: str | None = None  # e.g. "550 5.1.1 mailbox unavailable", to act as a refusing server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        if self.refuse_with:
            return self.refuse_with
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
        with self.lock:
            self.envelopes.append(envelope)
            self.messages.append(parsed)
        return "250 Message accepted for delivery"


@dataclass
class SMTPServer:
    host: str
    port: int
    handler: CollectingHandler
    controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    @property
    def envelopes(self) -> list[Any]:
        return self.handler.envelopes

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        """The messages, once at least ``count`` have arrived (delivery by another thread or process)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@contextmanager
def smtp_server(port: int | None = None, *, start: bool = True) -> Iterator[SMTPServer]:
    """A running SMTP server (or, with ``start=False``, a reserved port with nothing listening yet)."""
    server = SMTPServer(host="127.0.0.1", port=port or free_port(), handler=CollectingHandler())
    if start:
        server.start()
    try:
        yield server
    finally:
        server.stop()
