"""Helpers for the portal's tests, on top of the shared personas in the root conftest."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def english_guest() -> Client:
    """A visitor without an account whose browser asks for English."""
    client = Client()
    client.cookies["hotro_language"] = "en"
    return client
