"""Shared personas and helpers for every app's tests.

The personas (customer A and B, a technical agent, a sales agent, a technical
supervisor, an administrator) are made through the services, as real ones are,
so every view can get its access test against the same cast.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hotro.accounts.models import Contact, Role, User
from hotro.accounts.services import contact_for_user, create_agent, register_customer
from hotro.desk import services
from hotro.desk.models import Department, Ticket

PASSWORD = "correct-horse-battery-9"  # noqa: S105 (test accounts only)


@pytest.fixture(scope="session", autouse=True)
def _pool_closed_before_the_test_database_goes(django_db_setup, django_db_blocker):
    """On PostgreSQL each process keeps a connection pool, and test threads connections of their own:
    the test database cannot be dropped under them."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "postgresql":
                # A thread a test started (a live server, an IMAP watcher) may still hold a connection
                # of its own; the database cannot be dropped under it.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
            if hasattr(connection, "close_pool"):
                connection.close_pool()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    from django.core.cache import cache

    from hotro.core.kept import clear_all

    clear_all()  # each test's departments, calendars, policies and agents are its own
    cache.clear()  # and so is what pages keep for a few seconds (the mail-health banner)
    # Password hashing dominates fixture set-up; tests need a hash, not a slow one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def provider_defaults(db) -> None:
    from hotro.core.defaults import load_all

    load_all(lambda _line: None)


@pytest.fixture
def technical(provider_defaults) -> Department:
    return Department.objects.get(slug="technical")


@pytest.fixture
def sales(provider_defaults) -> Department:
    return Department.objects.get(slug="sales")


def _customer(email: str, name: str, language: str = "vi") -> User:
    user = register_customer(email, PASSWORD, name=name, language=language)
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    contact_for_user(user)
    return user


@pytest.fixture
def customer_a(db) -> User:
    return _customer("an.nguyen@example.com", "Nguyễn Văn An")


@pytest.fixture
def customer_b(db) -> User:
    return _customer("binh.tran@example.com", "Trần Thị Bình", language="en")


@pytest.fixture
def contact_a(customer_a) -> Contact:
    return customer_a.contact


@pytest.fixture
def contact_b(customer_b) -> Contact:
    return customer_b.contact


@pytest.fixture
def tech_agent(technical) -> User:
    return create_agent("kt1@cloudmini.example", PASSWORD, name="Lê Kỹ Thuật", departments=[technical])


@pytest.fixture
def tech_agent_2(technical) -> User:
    return create_agent("kt2@cloudmini.example", PASSWORD, name="Phạm Hỗ Trợ", departments=[technical])


@pytest.fixture
def sales_agent(sales) -> User:
    return create_agent("kd1@cloudmini.example", PASSWORD, name="Võ Kinh Doanh", departments=[sales], language="en")


@pytest.fixture
def supervisor(technical) -> User:
    return create_agent(
        "truongca@cloudmini.example", PASSWORD, name="Đỗ Giám Sát", role=Role.SUPERVISOR, departments=[technical]
    )


@pytest.fixture
def admin_agent(provider_defaults) -> User:
    User.objects.create_superuser("root@cloudmini.example", PASSWORD, full_name="Admin")
    return create_agent("root@cloudmini.example", None, name="Admin", role=Role.ADMIN)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return login


@pytest.fixture
def make_ticket(technical) -> Callable[..., Ticket]:
    def make(contact: Contact, department: Department | None = None, **kwargs: object) -> Ticket:
        kwargs.setdefault("subject", "VPS không truy cập được")
        kwargs.setdefault("body", "Máy chủ của tôi không SSH được từ sáng nay.")
        return services.open_ticket(requester=contact, department=department or technical, **kwargs)  # type: ignore[arg-type]

    return make


def upload(name: str = "log.txt", content: bytes = b"kernel: eth0 link down\n", content_type: str = "text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)
