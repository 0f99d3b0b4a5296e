"""A sender for tests: it keeps what it was asked to send, in order, and can be made to fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet

from hotro.core.outbound.senders import TextSender

if TYPE_CHECKING:
    from hotro.core.models import OutboundMessage


@dataclass(frozen=True)
class Sent:
    to: str
    text: str
    ticket_id: int | None


class RecordingSmsSender(TextSender):
    """Set ``HOTRO_OUTBOUND_SENDERS["sms"]`` to this class; read ``RecordingSmsSender.sent``."""

    sent: ClassVar[list[Sent]] = []
    failure: ClassVar[Exception | None] = None

    def send(self, message: OutboundMessage, session: Any) -> str:
        if self.failure is not None:
            raise self.failure
        self.sent.append(Sent(message.to, message.body_text, message.ticket_id))
        return f"test-{len(self.sent)}"


def render_pending() -> int:
    """Render every row not rendered yet, as the worker would before sending; returns how many.

    Tests read what a message says right after the change that queued it.
    """
    from hotro.core.models import OutboundMessage
    from hotro.core.outbound.delivery import render

    rows = list(OutboundMessage.objects.filter(rendered_at__isnull=True).order_by("pk"))
    for row in rows:
        render(row)
    return len(rows)


def rendered() -> QuerySet[OutboundMessage]:
    """Every outbound row, each rendered first (``render_pending``): what its recipient will read."""
    from hotro.core.models import OutboundMessage

    render_pending()
    return OutboundMessage.objects.all()
