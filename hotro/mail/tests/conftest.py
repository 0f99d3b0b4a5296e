"""Mail test fixtures: a real SMTP server (aiosmtpd) and settings that point the outbox at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotro.mail.testing import SMTPServer, smtp_server

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _point_mail_at(settings, server: SMTPServer) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def smtp(settings) -> Iterator[SMTPServer]:
    """A running SMTP server; Django's mail and the task backend (immediate) are pointed at it."""
    with smtp_server() as server:
        _point_mail_at(settings, server)
        yield server


@pytest.fixture
def smtp_down(settings) -> Iterator[SMTPServer]:
    """Mail is pointed at a port where nothing listens yet; ``smtp_down.start()`` brings the server up."""
    with smtp_server(start=False) as server:
        _point_mail_at(settings, server)
        yield server
