"""The chat widget every desk starts with: ``data-widget="default"`` (or no attribute at all)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from hotro.chat.models import ChatWidget


def load(log: Callable[[str], None]) -> None:
    """Create the default widget once, allowed on the origins of ``HOTRO_CHAT_ORIGINS``; an
    administrator's later edits (admin → Chat widgets) are never overwritten."""
    widget, created = ChatWidget.objects.get_or_create(
        key="default",
        defaults={
            "name": f"{settings.HOTRO_PROVIDER_NAME} website",
            "allowed_origins": "\n".join(settings.HOTRO_CHAT_ORIGINS),
        },
    )
    if created:
        log(f"chat widget 'default' allowed on: {', '.join(widget.origins) or 'the desk itself only'}")
