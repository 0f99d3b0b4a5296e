"""The vault's tests: a key configured as in production (HOTRO_VAULT_KEYS), and tickets with secrets made the
way customers and agents make them (the portal's form, the console's compose box)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from hotro.desk.models import Priority, Ticket

KEY = Fernet.generate_key().decode()
ROOT_PASSWORD = "Vps#Root-2026!xq"


@pytest.fixture(autouse=True)
def vault_key(settings) -> str:
    settings.HOTRO_VAULT_KEYS = [KEY]
    return KEY


def ticket_form(department, **extra) -> dict:
    return {
        "department": department.pk,
        "priority": Priority.NORMAL,
        "subject": "VPS không vào được",
        "body": "Anh kiểm tra giúp em, mật khẩu root em để trong ô bí mật.",
        **extra,
    }


@pytest.fixture
def ticket_with_secret(client_for, customer_a, technical) -> Callable[..., Ticket]:
    """Customer A opens a ticket on the portal with ``secret`` in the secret field."""

    def make(secret: str = ROOT_PASSWORD, client: Client | None = None) -> Ticket:
        response = (client or client_for(customer_a)).post("/tickets/new/", ticket_form(technical, secret=secret))
        assert response.status_code == 302, response.content.decode()[:2000]
        return Ticket.objects.latest("pk")

    return make
