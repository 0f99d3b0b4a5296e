"""Absolute links for messages that leave the site (mail, SMS): the one place that knows ``SITE_URL``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def absolute_url(name: str, *args: Any) -> str:
    """``reverse(name, args)`` on the site's public address."""
    return absolute(reverse(name, args=args))
