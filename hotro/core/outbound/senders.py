"""Senders: how each channel renders and delivers an outbound row.

``HOTRO_OUTBOUND_SENDERS`` maps a channel ("email", "sms", …) to a sender's class path;
a channel app registers its own there (the email sender lives in ``hotro.mail``, SMS
gateways in the phone app). The SMS default is ``ConsoleSmsSender``, which writes the
message to the log: the embedded set-up has no gateway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.template.loader import get_template
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from hotro.core.models import OutboundMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str = ""


class Sender(Protocol):
    """What the outbox asks of a channel."""

    def prepare(self, message: OutboundMessage, *, automatic: bool, reply_to_message_id: str) -> None:
        """Fill in, before the row is written, what must be known before sending (ids, headers)."""
        ...

    def render(self, message: OutboundMessage, context: dict[str, Any]) -> Rendered:
        """The message's words, in the language and time zone active while this runs; ``context``
        also holds what every message may say (``site_url``, ``provider_name``, ``language``)."""
        ...

    def session(self) -> AbstractContextManager[Any]:
        """A connection kept open for a batch of deliveries (or nothing)."""
        ...

    def send(self, message: OutboundMessage, session: Any) -> str:
        """Deliver the rendered row; returns the provider's id for it ("" when there is none)."""
        ...

    def is_transient(self, error: Exception) -> bool:
        """The service was unreachable or said "later": an outage, not a verdict on this message."""
        ...


class UnknownChannel(LookupError):
    pass


# Per channel, checks that say why an address must get nothing ("" when it may): SMS opt-outs.
_suppressions: dict[str, list[Callable[[str], str]]] = {}


def register_suppression(channel: str, check: Callable[[str], str]) -> None:
    """Called from a channel app's ``ready``: every sender of ``channel`` honours ``check``."""
    _suppressions.setdefault(channel, []).append(check)


def suppressed(channel: str, address: str) -> str:
    for check in _suppressions.get(channel, ()):
        reason = check(address)
        if reason:
            return reason
    return ""


@cache
def _sender(path: str) -> Sender:
    sender: Sender = import_string(path)()
    return sender


def sender_for(channel: str) -> Sender:
    path = settings.HOTRO_OUTBOUND_SENDERS.get(channel)
    if not path:
        raise UnknownChannel(f"No sender is configured for the {channel!r} channel (HOTRO_OUTBOUND_SENDERS)")
    return _sender(path)


def render_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text template, never HTML-escaped: "<" and "&" reach the reader as typed."""
    from django.template import Context
    from django.template.backends.django import Template

    template = get_template(name)
    if not isinstance(template, Template):  # Context(autoescape=False) is the Django engine's
        raise TypeError(f"{name} is not a Django template: {type(template).__name__}")
    return str(template.template.render(Context(context, autoescape=False))).strip()


class TextSender:
    """Short text messages (SMS): one template ``sms/<kind>.txt``, no subject, no HTML."""

    def prepare(self, message: OutboundMessage, *, automatic: bool, reply_to_message_id: str) -> None:
        return None

    def render(self, message: OutboundMessage, context: dict[str, Any]) -> Rendered:
        return Rendered(subject="", text=" ".join(render_text(f"sms/{message.kind}.txt", context).split()))

    def session(self) -> AbstractContextManager[Any]:
        return nullcontext()

    def send(self, message: OutboundMessage, session: Any) -> str:
        raise NotImplementedError

    def is_transient(self, error: Exception) -> bool:
        return isinstance(error, OSError)


class ConsoleSmsSender(TextSender):
    """The embedded default: the SMS is written to the log, as Django's console mail backend does."""

    def send(self, message: OutboundMessage, session: Any) -> str:
        logger.info("SMS to %s: %s", message.to, message.body_text)
        return ""
