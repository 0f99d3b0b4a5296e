"""Mailboxes in the admin: secrets are typed in but never shown back, and a new sign-in forgets the old tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hotro.mail.models import Mailbox, MailboxAuth

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(sales) -> Mailbox:
    return Mailbox.objects.create(
        name="m365",
        host="outlook.office365.com",
        username="support@cloudmini.example",
        department=sales,
        auth_method=MailboxAuth.OAUTH2,
        oauth2_token_url="https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
        oauth2_client_id="app-id",
        oauth2_client_secret="client-secret-value",
        oauth2_refresh_token="refresh-token-value",
        oauth2_access_token="access-token-value",
        oauth2_access_token_expires_at=timezone.now() + timedelta(minutes=30),
        oauth2_refresh_token_expires_at=timezone.now() + timedelta(days=2),
        oauth2_error_code="invalid_grant",
    )


def form_data(mailbox: Mailbox, **changes: str) -> dict[str, str]:
    data = {
        "name": mailbox.name,
        "department": str(mailbox.department_id),
        "active": "on",
        "host": mailbox.host,
        "port": str(mailbox.port),
        "use_ssl": "on",
        "folder": mailbox.folder,
        "processed_folder": "",
        "username": mailbox.username,
        "auth_method": mailbox.auth_method,
        "password": "",
        "password_env": "",
        "oauth2_token_url": mailbox.oauth2_token_url,
        "oauth2_client_id": mailbox.oauth2_client_id,
        "oauth2_client_secret": "",
        "oauth2_client_secret_env": "",
        "oauth2_refresh_token": "",
        "oauth2_refresh_token_env": "",
        "oauth2_scope": mailbox.oauth2_scope,
    }
    data.update(changes)
    return data


def test_the_change_page_never_shows_a_stored_secret(mailbox, admin_agent, client_for):
    page = client_for(admin_agent).get(reverse("admin:mail_mailbox_change", args=[mailbox.pk])).content.decode()
    assert "OAuth2" in page
    for secret in ("client-secret-value", "refresh-token-value", "access-token-value"):
        assert secret not in page


def test_empty_secret_boxes_keep_the_stored_values_and_the_tokens(mailbox, admin_agent, client_for):
    response = client_for(admin_agent).post(
        reverse("admin:mail_mailbox_change", args=[mailbox.pk]), form_data(mailbox, folder="Support")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    mailbox.refresh_from_db()
    assert mailbox.folder == "Support"
    assert mailbox.oauth2_client_secret == "client-secret-value"
    assert mailbox.oauth2_refresh_token == "refresh-token-value"
    assert mailbox.oauth2_access_token == "access-token-value"


def test_a_new_refresh_token_forgets_what_the_provider_said_about_the_old_one(mailbox, admin_agent, client_for):
    response = client_for(admin_agent).post(
        reverse("admin:mail_mailbox_change", args=[mailbox.pk]),
        form_data(mailbox, oauth2_refresh_token="new-refresh-token"),
    )
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.oauth2_refresh_token == "new-refresh-token"
    assert mailbox.oauth2_client_secret == "client-secret-value"
    assert mailbox.oauth2_access_token == "" and mailbox.oauth2_access_token_expires_at is None
    assert mailbox.oauth2_refresh_token_expires_at is None and mailbox.oauth2_error_code == ""


def test_a_stored_secret_can_be_forgotten_for_an_environment_variable(mailbox, admin_agent, client_for):
    client_for(admin_agent).post(
        reverse("admin:mail_mailbox_change", args=[mailbox.pk]),
        form_data(mailbox, clear_oauth2_client_secret="on", oauth2_client_secret_env="M365_CLIENT_SECRET"),
    )
    mailbox.refresh_from_db()
    assert mailbox.oauth2_client_secret == "" and mailbox.oauth2_client_secret_env == "M365_CLIENT_SECRET"


def test_an_oauth2_mailbox_needs_an_endpoint_a_client_and_a_refresh_token(sales, admin_agent, client_for):
    blank = Mailbox(name="gw", host="imap.gmail.com", username="a@b.example", department=sales)
    response = client_for(admin_agent).post(
        reverse("admin:mail_mailbox_add"),
        form_data(blank, auth_method=MailboxAuth.OAUTH2, oauth2_token_url="", oauth2_client_id=""),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"oauth2_token_url", "oauth2_client_id", "oauth2_refresh_token"} <= set(errors)
    assert not Mailbox.objects.filter(name="gw").exists()
