"""Frames to sockets, through the Channels layer, only after the change that caused them commits.

Groups: one per conversation (its visitor's sockets and the agents who opened it), one
per department (its agents' waiting lists), one per agent (their own chats). With
``REDIS_URL`` the layer is Redis, so a visitor on one server process and an agent on
another see each other; without it, the in-memory layer serves one process.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def conversation_group(pk: int) -> str:
    return f"chat.conversation.{pk}"


def department_group(pk: int) -> str:
    return f"chat.department.{pk}"


def agent_group(pk: int) -> str:
    return f"chat.agent.{pk}"


def publish(group: str, frame: dict[str, Any]) -> None:
    """Send ``frame`` to ``group`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_now(group, frame), robust=True)


def publish_conversation(pk: int, frame: dict[str, Any]) -> None:
    """To everyone in the conversation; agents follow several, so the frame names it."""
    publish(conversation_group(pk), {**frame, "conversation": pk})


def send_now(group: str, frame: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "relay", "frame": frame})
    except Exception:  # a full or unreachable layer must not fail a stored change
        logger.exception("chat: could not publish %s to %s", frame.get("type"), group)
