"""Every channel's stored inbound items in one place: the failed list and its retry.

A channel registers its ``StoredInbound`` model and how to process an item again
(``register``, from its app's ``ready``); the console's failed list shows every
registered channel's failed items to administrators and retries them through here.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise

from hotro.core.models import InboundState, StoredInbound

logger = logging.getLogger(__name__)
Item = TypeVar("Item", bound=StoredInbound)


@dataclass(frozen=True)
class Channel:
    key: str  # in URLs: /console/failed/<key>/<pk>/retry/
    label: str | Promise
    model: type[StoredInbound]
    retry: Callable[[int], object]  # process one failed item again; records its own outcome


_channels: dict[str, Channel] = {}


def register(key: str, label: str | Promise, model: type[StoredInbound], retry: Callable[[int], object]) -> None:
    _channels[key] = Channel(key, label, model, retry)


def channels() -> list[Channel]:
    return list(_channels.values())


def failed(channel: Channel, limit: int = 100) -> list[StoredInbound]:
    """The channel's failed items, newest first, without their raw payloads (they can be large)."""
    rows: models.QuerySet[StoredInbound] = channel.model._default_manager.filter(status=InboundState.FAILED)
    return list(rows.defer("raw").order_by("-received_at", "-pk")[:limit])


def recent(channel: Channel, limit: int = 100) -> list[StoredInbound]:
    """The channel's latest items whatever their state (the intake log), newest first, without payloads."""
    rows: models.QuerySet[StoredInbound] = channel.model._default_manager.defer("raw")
    related = [field.name for field in channel.model._meta.get_fields() if field.name == "ticket" and field.is_relation]
    if related:
        rows = rows.select_related(*related)  # the log links each item to the ticket it became
    return list(rows.order_by("-received_at", "-pk")[:limit])


def process_stored(model: type[Item], pk: int, apply: Callable[[Item], None], *, retry: bool = False) -> Item:
    """Process one stored item with ``apply`` under its row lock; ``retry`` also takes a failed one.

    Safe to run twice (an item already handled is left alone) and never raises for a bad
    item: a failure rolls back whatever ``apply`` did and leaves the item ``failed`` with its
    error, for the failed list. ``apply`` may set a status of the channel's own (an opt-out);
    otherwise the item is ``processed``.
    """
    allowed = (InboundState.RECEIVED, InboundState.FAILED) if retry else (InboundState.RECEIVED,)
    manager = model._default_manager
    try:
        with transaction.atomic():
            item = manager.select_for_update().get(pk=pk)
            if item.status not in allowed:
                return item
            item.attempts += 1
            apply(item)
            if item.status in allowed:
                item.status = InboundState.PROCESSED
            item.error, item.processed_at = "", timezone.now()
            item.save(update_fields=_processing_fields(model))  # not the raw payload back to the database
            return item
    except Exception as error:
        logger.exception("%s %s could not be processed", model._meta.verbose_name, pk)
        manager.filter(pk=pk).update(
            status=InboundState.FAILED,
            error="".join(traceback.format_exception_only(error)).strip()[:2000],
            attempts=F("attempts") + 1,
        )
        return manager.get(pk=pk)


def _processing_fields(model: type[StoredInbound]) -> list[str]:
    """What processing may change: everything but the item as received."""
    received = {"raw", "size", "received_at"}
    return [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in received]


def process_received(
    model: type[StoredInbound], process: Callable[[int], object], *, limit: int = 100, grace: timedelta | None = None
) -> int:
    """The scheduler's safety net for a channel: items stored but never processed (their task was
    lost, the process died in between) are processed now. Fresh ones are left to their own task."""
    cutoff = timezone.now() - (grace if grace is not None else timedelta(minutes=2))
    pks = list(
        model._default_manager.filter(status=InboundState.RECEIVED, received_at__lte=cutoff)
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in pks:
        process(pk)
    return len(pks)


class NotRetryable(LookupError):
    """No such channel, no such item, or the item is not failed (someone retried it already)."""


def retry(key: str, pk: int) -> StoredInbound:
    """Process a failed item again; returns it as it is afterwards (processed, or failed with a new error)."""
    channel = _channels.get(key)
    if channel is None:
        raise NotRetryable(key)
    manager = channel.model._default_manager
    if not manager.filter(pk=pk, status=InboundState.FAILED).exists():
        raise NotRetryable(f"{key} {pk}")
    channel.retry(pk)
    item: StoredInbound = manager.defer("raw").get(pk=pk)
    return item
