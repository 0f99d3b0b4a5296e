"""Structured logs: one JSON object per line in production, and the request id on every record.

An operator greps one request's lines by its id (the proxy's ``X-Request-ID`` when it sends
one, so nginx's log and ours meet); a log shipper reads JSON without a parsing rule per
message. ``make run`` (DEBUG) keeps plain lines for people.
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str] = ContextVar("hotro_request_id", default="")

# A client-sent id is logged and echoed back: accept only what cannot forge or break a line.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")

# What logging puts on every record; anything else a caller passed with ``extra=`` goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


def accept_request_id(value: str | None) -> str | None:
    return value if value and _SAFE_ID.match(value) else None


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request), for both formats."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "") or request_id.get()
        if rid and rid != "-":
            entry["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
