"""Every channel's stored inbound items in one place: the failed list and its retry.

A channel registers its ``StoredInbound`` model and how to process an item again
(``register``, from its app's ``ready``); the console's failed list shows every
registered channel's failed items to administrators and retries them through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from hotro.core.models import InboundState, StoredInbound


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
