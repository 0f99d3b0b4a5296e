"""Resolved tickets to rate, made through the desk's services as an agent resolves them."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from hotro.accounts.models import Contact
from hotro.desk import services
from hotro.desk.models import Status, Ticket

SITE = "http://hotro.test"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def resolve(tech_agent) -> Callable[[Ticket], Ticket]:
    def run(ticket: Ticket) -> Ticket:
        services.assign(ticket, tech_agent, tech_agent)
        return services.change_status(Ticket.objects.get(pk=ticket.pk), Status.RESOLVED, tech_agent)

    return run


@pytest.fixture
def resolved_ticket(make_ticket, contact_a, resolve) -> Ticket:
    return resolve(make_ticket(contact_a))


@pytest.fixture
def resolved_for(make_ticket, resolve) -> Callable[[Contact], Ticket]:
    return lambda contact: resolve(make_ticket(contact))


def path_of(url: str) -> str:
    """The path and query of an absolute link from a message, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
