"""Delivering mail: the outbox's claim-and-retry loop is the core's (``hotro.core.outbound.delivery``);
the email specifics (building the message, which SMTP errors are an outage) are ``hotro.mail.sender``'s."""

from hotro.core.outbound.delivery import (
    SECRET_KINDS,
    _record_failure,
    backoff,
    claim,
    deliver,
    deliver_due,
    render,
    retry_now,
)
from hotro.mail.sender import is_transient

__all__ = [
    "SECRET_KINDS",
    "_record_failure",
    "backoff",
    "claim",
    "deliver",
    "deliver_due",
    "is_transient",
    "render",
    "retry_now",
]
