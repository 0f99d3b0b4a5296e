"""Frames to the console's sockets through the Channels layer, sent only after the change commits.

Groups (docs/console-protocol.md): one per department (every agent of it, administrators in
all), one per agent (their notifications), one per ticket (who is viewing or typing). With
``REDIS_URL`` the layer is Redis and a change made by one process reaches sockets held by
another; without it, the in-memory layer serves one process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)
_server_loop: asyncio.AbstractEventLoop | None = None


def department_group(pk: int) -> str:
    return f"live.department.{pk}"


def agent_group(pk: int) -> str:
    return f"live.agent.{pk}"


def ticket_group(pk: int) -> str:
    return f"live.ticket.{pk}"


def publish(groups: Iterable[str], frame: dict[str, Any]) -> None:
    """Send ``frame`` to ``groups`` once the current transaction commits (at once outside one)."""
    targets = list(dict.fromkeys(groups))
    transaction.on_commit(lambda: send_now(targets, frame), robust=True)


def remember_loop() -> None:
    """Called by a socket as it connects, on the server's event loop: pushes from request threads are
    handed to that loop. The in-memory layer's queues belong to it (a push run in a loop of its own,
    as ``async_to_sync`` does in a plain pool thread, may not wake the sockets waiting on them); with
    Redis it spares the request thread the round trip."""
    global _server_loop
    _server_loop = asyncio.get_running_loop()


def send_now(groups: Iterable[str], frame: dict[str, Any]) -> None:
    """Hand the frame to the layer; a full or unreachable layer must not fail the stored change."""
    layer = get_channel_layer()
    if layer is None:
        return
    targets = list(groups)
    message = {"type": "relay", "frame": frame}

    async def send_all() -> None:
        for group in targets:
            try:
                await layer.group_send(group, message)
            except Exception:
                logger.exception("live: could not publish %s to %s", frame.get("type"), group)

    loop = _server_loop
    if loop is not None and loop.is_running():
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if current is loop:
            loop.create_task(send_all())
        else:
            asyncio.run_coroutine_threadsafe(send_all(), loop)
        return
    async_to_sync(send_all)()  # no socket in this process (a worker, the scheduler): Redis reaches them
